using System.Text.Json;
using SpikeSeg.Host.Cli;

using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Cli;

/// <summary><c>spikeseg bench</c>: the JSON contract, file and scene inputs agreeing, and clear refusals.</summary>
public sealed class BenchCommandTests() : CliTestBase("spikeseg-bench-")
{
    private static readonly string[] FigureKeys =
        ["events_per_s", "steps_per_s", "realtime_factor", "latency_p50_us", "latency_p99_us", "peak_rss_mb", "alloc_bytes_per_step"];

    [Fact]
    public void JsonHasEveryFigureForBothEnginesAndTheFileMatchesTheScene()
    {
        var (code, output, error) = Run("bench", "--scene", "reference-bench", "--seconds", "0.5", "--repeat", "1", "--dt-us", "10000", "--baseline", "dense", "--json", "--warmup-s", "0");
        Assert.True(code == 0, error);
        using var scene = JsonDocument.Parse(output);
        var root = scene.RootElement;
        foreach (var figures in new[] { root, root.GetProperty("dense") })
        {
            foreach (string key in FigureKeys)
            {
                Assert.True(figures.GetProperty(key).GetDouble() >= 0, key);
            }

            Assert.True(figures.GetProperty("events_per_s").GetDouble() > 0);
            Assert.True(figures.GetProperty("latency_p99_us").GetDouble() >= figures.GetProperty("latency_p50_us").GetDouble());
        }

        Assert.Equal(10000, root.GetProperty("dt_us").GetInt64());
        string npy = P("scene.npy");
        Assert.Equal(0, Run("synth", "--scene", "reference-bench", "--seconds", "0.5", "--out", npy).Code);
        var (fileCode, fileOutput, fileError) = Run("bench", "--input", npy, "--repeat", "1", "--dt-us", "10000", "--json", "--warmup-s", "0");
        Assert.True(fileCode == 0, fileError);
        using var file = JsonDocument.Parse(fileOutput);
        Assert.Equal(root.GetProperty("events").GetInt64(), file.RootElement.GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task PipelineModeRunsOneStreamThroughTheActorsAndCountsTheSameSteps()
    {
        // Its own process: limiting the thread pool would starve the tests running beside it in this one.
        string[] common = ["bench", "--scene", "sda-davis", "--seconds", "0.3", "--preset", "sda-live", "--dt-us", "1000", "--mode", "learn", "--repeat", "1", "--json", "--warmup-s", "0"];
        string threads = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var engine = SpikeSegProcess.Start(common);
        using var pipeline = SpikeSegProcess.Start([.. common, "--pipeline", "--threads", threads]);
        Assert.Equal(0, await engine.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        Assert.Equal(0, await pipeline.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        using var e = JsonDocument.Parse(engine.Lines.Single(l => l.StartsWith('{')));
        using var p = JsonDocument.Parse(pipeline.Lines.Single(l => l.StartsWith('{')));
        Assert.False(e.RootElement.GetProperty("pipeline").GetBoolean());
        Assert.True(p.RootElement.GetProperty("pipeline").GetBoolean());
        foreach (string key in FigureKeys)
        {
            Assert.True(p.RootElement.GetProperty(key).GetDouble() >= 0, key);
        }

        Assert.True(p.RootElement.GetProperty("latency_p50_us").GetDouble() > 0);
        Assert.True(p.RootElement.GetProperty("latency_p99_us").GetDouble() >= p.RootElement.GetProperty("latency_p50_us").GetDouble());
        Assert.True(e.RootElement.TryGetProperty("stage_s", out _));
        Assert.False(p.RootElement.TryGetProperty("stage_s", out _));
        // Spikes per layer come from the engine's own count; the pipeline's layers run elsewhere and are not reported.
        var spikes = e.RootElement.GetProperty("spikes");
        Assert.True(spikes.GetProperty("conv1").GetInt64() > 0, "a scene with events makes conv1 spike");
        Assert.True(spikes.GetProperty("conv2").GetInt64() >= 0 && spikes.GetProperty("conv3").GetInt64() >= 0);
        Assert.False(p.RootElement.TryGetProperty("spikes", out _));
        static double Steps(JsonElement r) => Math.Round(r.GetProperty("steps_per_s").GetDouble() * r.GetProperty("wall_s").GetDouble());
        Assert.InRange(Steps(e.RootElement), 290, 310);
        Assert.Equal(Steps(e.RootElement), Steps(p.RootElement));
    }

    [Fact]
    public void PipelineModeRefusesTheDenseBaselineInOneLine()
    {
        var (code, _, error) = Run("bench", "--seconds", "0.1", "--pipeline", "--threads", "64", "--baseline", "dense");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("'--pipeline'", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--threads", "0", "'--threads'")]
    [InlineData("--repeat", "0", "'--repeat'")]
    [InlineData("--baseline", "sparse", "'--baseline'")]
    [InlineData("--scene", "moon", "'--scene'")]
    [InlineData("--dt-us", "0", "'--dt-us'")]
    [InlineData("--warmup-s", "-1", "'--warmup-s'")]
    public void BadSettingsAreRefusedInOneLine(string option, string value, string named)
    {
        // Settings are checked before any scene is generated or run.
        var (code, _, error) = Run("bench", "--seconds", "0.1", option, value);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }
}
