using System.Text.Json;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>Golden checks of <c>c_wta.json</c>.</summary>
public sealed class WtaSuite : IGoldenSuite
{
    public string FileName => "c_wta.json";

    public IEnumerable<GoldenCase> Cases(JsonElement root)
    {
        yield return new GoldenCase(FileName, "pending", () => throw new ConformanceMismatchException("not implemented yet"));
    }
}
