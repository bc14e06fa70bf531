using SpikeSeg.Host.Cli;
using SpikeSeg.Tests.Streaming.Reporting;

namespace SpikeSeg.Tests.Host.Cli;

/// <summary>The report folder of <c>spikeseg demo</c> opens with readable figures.</summary>
public sealed class DemoReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spikeseg-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReportListsEveryFigureAndEachDecodesWithContent()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SpikeSegCli.Run(["demo", "--seconds", "12", "--seed", "3", "--out", _dir], output, error);
        Assert.True(code == 0, error.ToString());

        string md = File.ReadAllText(Path.Combine(_dir, "report.md"));
        Assert.StartsWith("# SpikeSeg evaluation report", md, StringComparison.Ordinal);
        Assert.Contains("| informedness |", md, StringComparison.Ordinal);
        Assert.Contains("| per-event IoU |", md, StringComparison.Ordinal);
        var listed = System.Text.RegularExpressions.Regex.Matches(md, @"!\[([^\]]+\.png)\]").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("convergence.png", listed);
        Assert.Contains("timeline.png", listed);
        Assert.Contains(listed, f => f.StartsWith("frame-", StringComparison.Ordinal));
        Assert.Equal(3, listed.Count(f => f.StartsWith("kernels-", StringComparison.Ordinal)));
        foreach (string file in listed)
        {
            var image = PngFile.Read(Path.Combine(_dir, file));
            Assert.True(image.Width >= 40 && image.Height >= 40, $"{file} is {image.Width}x{image.Height}");
            Assert.True(PngFile.DistinctColours(image) >= 4, $"{file} looks blank");
        }

        var convergence = PngFile.Read(Path.Combine(_dir, "convergence.png"));
        Assert.Equal((640, 360), (convergence.Width, convergence.Height));
    }
}
