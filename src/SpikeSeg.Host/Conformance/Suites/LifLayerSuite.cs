using System.Text.Json;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>Golden checks of <c>a_lif_layer.json</c>.</summary>
public sealed class LifLayerSuite : IGoldenSuite
{
    public string FileName => "a_lif_layer.json";

    public IEnumerable<GoldenCase> Cases(JsonElement root)
    {
        yield return new GoldenCase(FileName, "pending", () => throw new ConformanceMismatchException("not implemented yet"));
    }
}
