using SpikeSeg.Host.Conformance;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Conformance;

/// <summary>Every golden case of ../shared/golden, one xunit case each, through the same code as <c>spikeseg conformance</c>.</summary>
public sealed class GoldenConformanceTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in ConformanceRunner.LoadCases(SharedPaths.Golden))
        {
            data.Add(c.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GoldenCasePasses(string caseName)
    {
        var c = ConformanceRunner.LoadCases(SharedPaths.Golden).Single(x => x.ToString() == caseName);
        c.Run();
    }

    [Fact]
    public void EveryGoldenFileHasASuite()
    {
        var files = Directory.GetFiles(SharedPaths.Golden, "*.json").Select(Path.GetFileName).ToHashSet();
        var known = ConformanceRunner.Suites.Select(s => s.FileName).ToHashSet();
        Assert.Subset(known, files!);
    }
}
