using System.Text.Json;

namespace SpikeSeg.Host.Conformance;

/// <summary>Turns one golden file (by its file name) into checks against SpikeSeg.Core.</summary>
public interface IGoldenSuite
{
    /// <summary>File name inside the golden directory, e.g. <c>a_lif_layer.json</c>.</summary>
    string FileName { get; }

    IEnumerable<GoldenCase> Cases(JsonElement root);

    /// <summary>Like <see cref="Cases(JsonElement)"/> for a suite that also reads a companion file in <paramref name="directory"/>.</summary>
    IEnumerable<GoldenCase> Cases(JsonElement root, string directory) => Cases(root);
}
