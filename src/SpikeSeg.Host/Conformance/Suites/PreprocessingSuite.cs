using System.Text.Json;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>Golden checks of <c>f_preprocessing.json</c>.</summary>
public sealed class PreprocessingSuite : IGoldenSuite
{
    public string FileName => "f_preprocessing.json";

    public IEnumerable<GoldenCase> Cases(JsonElement root)
    {
        yield return new GoldenCase(FileName, "pending", () => throw new ConformanceMismatchException("not implemented yet"));
    }
}
