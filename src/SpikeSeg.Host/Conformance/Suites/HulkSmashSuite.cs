using System.Text.Json;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>Golden checks of <c>e_hulk_smash.json</c>.</summary>
public sealed class HulkSmashSuite : IGoldenSuite
{
    public string FileName => "e_hulk_smash.json";

    public IEnumerable<GoldenCase> Cases(JsonElement root)
    {
        yield return new GoldenCase(FileName, "pending", () => throw new ConformanceMismatchException("not implemented yet"));
    }
}
