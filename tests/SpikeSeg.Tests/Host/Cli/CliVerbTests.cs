using SpikeSeg.Host.Cli;
using SpikeSeg.Streaming.Checkpoints;
using SpikeSeg.Streaming.Numpy;
using SpikeSeg.Streaming.Sinks;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Cli;

/// <summary>The verbs end to end, in process, through the same entry point as the executable.</summary>
public sealed class CliVerbTests() : CliTestBase("spikeseg-cli-")
{
    [Fact]
    public void SynthSegmentExportChainWorksAndIsDeterministic()
    {
        Assert.Equal(0, Run("synth", "--seconds", "2", "--seed", "4", "--out", P("a.raw"), "--labels", P("a.csv"), "--ids", P("a.npy")).Code);
        Assert.Equal(0, Run("synth", "--seconds", "2", "--seed", "4", "--out", P("b.raw")).Code);
        Assert.Equal(File.ReadAllBytes(P("a.raw")), File.ReadAllBytes(P("b.raw")));

        var ids = NpyArray.Read(File.OpenRead(P("a.npy")), "a.npy");
        var inspect = InspectCommand.InspectEvents(P("a.raw"));
        Assert.Equal(inspect.Statistics.Events, ids.Header.Shape[0]);

        var (code, output, error) = Run("segment", P("a.raw"), "--learn", "--out", P("frames.jsonl"), "--save-model", P("m.spikeseg"), "--render", P("renders"));
        Assert.True(code == 0, error);
        Assert.Contains("instances", output, StringComparison.Ordinal);
        var frames = JsonLinesFrameReader.ReadFile(P("frames.jsonl")).ToList();
        Assert.NotEmpty(frames);
        Assert.All(frames, f => Assert.NotEmpty(f.Instances));
        Assert.All(frames.SelectMany(f => f.Instances), i => Assert.True(i.X0 <= i.X1 && i.Y0 <= i.Y1 && i.X1 < 240 && i.Y1 < 180));

        var model = CheckpointReader.Read(P("m.spikeseg"));
        Assert.Equal(3, model.Layers.Count);
        Assert.Equal(0, Run("export", P("m.spikeseg"), "--out", P("w.npz")).Code);
        var arrays = NpzArchive.ReadAll(File.OpenRead(P("w.npz")), "w.npz");
        Assert.Equal(new long[] { 36, 4, 5, 5 }, arrays["conv2.weight"].Header.Shape);
        Assert.Equal(model.Layers[1].Weights.Length, arrays["conv2.weight"].Header.Shape.Aggregate(1L, (a, b) => a * b));
    }

    [Fact]
    public void SegmentFiltersEventsBeforeTheNetwork_AndCountsWhatEachRemoved()
    {
        Assert.Equal(0, Run("synth", "--seconds", "1", "--seed", "6", "--out", P("f.raw")).Code);
        var stats = InspectCommand.InspectEvents(P("f.raw")).Statistics;
        var (code, output, error) = Run("segment", P("f.raw"), "--out", P("f.jsonl"), "--all-steps", "--filter", "crop:0,0,120,90", "--filter", "polarity:on");
        Assert.True(code == 0, error);
        long cropped = long.Parse(System.Text.RegularExpressions.Regex.Match(output, @"filter roi: ([\d,]+) events removed").Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        long offRemoved = long.Parse(System.Text.RegularExpressions.Regex.Match(output, @"filter polarity: ([\d,]+) events removed").Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(cropped > 0 && offRemoved > 0, output);
        Assert.True(cropped + offRemoved < stats.Events);
        // Frames live on the cropped 120x90 sensor.
        var frames = JsonLinesFrameReader.ReadFile(P("f.jsonl")).ToList();
        Assert.All(frames.SelectMany(f => f.Instances), i => Assert.True(i.X1 < 120 && i.Y1 < 90));

        (code, _, error) = Run("segment", P("f.raw"), "--out", P("g.jsonl"), "--filter", "blur:3");
        Assert.Equal(1, code);
        Assert.Contains("unknown filter 'blur:3'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainLearnsLayerWiseAndWritesAModel()
    {
        Assert.Equal(0, Run("synth", "--seconds", "2", "--seed", "5", "--out", P("t.raw")).Code);
        var (code, output, error) = Run("train", P("t.raw"), "--out", P("t.spikeseg"), "--max-passes", "2", "--windows-per-epoch", "5");
        Assert.True(code == 0, error);
        Assert.Contains("conv2:", output, StringComparison.Ordinal);
        var model = CheckpointReader.Read(P("t.spikeseg"));
        Assert.NotEqual(SpikeSeg.Core.Checkpoints.TrainingPhase.Untrained, model.Progress.Phase);
        Assert.True(model.Layers[1].Wins.Sum() > 0, "conv2 must have had winners");
    }

    [Fact]
    public void ExitCodesSeparateBadUsageFromBadInput()
    {
        Assert.Equal(2, Run("segment").Code); // missing argument and --out
        Assert.Equal(2, Run("no-such-verb").Code);
        var (code, _, error) = Run("segment", P("missing.raw"), "--out", P("f.jsonl"));
        Assert.Equal(1, code);
        Assert.Contains("missing.raw", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));

        File.WriteAllBytes(P("garbage.ckpt"), [1, 2, 3, 4, 5]);
        (code, _, error) = Run("export", P("garbage.ckpt"), "--out", P("x.npz"));
        Assert.Equal(1, code);
        Assert.Contains("garbage.ckpt", error, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryVerbHasHelp()
    {
        foreach (string verb in new[] { "demo", "train", "segment", "eval", "synth", "export", "inspect", "convert", "publish", "worker", "run", "bench", "conformance" })
        {
            var (code, output, _) = Run(verb, "--help");
            Assert.Equal(0, code);
            Assert.Contains(verb, output, StringComparison.Ordinal);
            Assert.Contains("Usage", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ConformanceVerbPassesEveryGoldenCase()
    {
        var (code, output, _) = Run("conformance", SharedPaths.Golden);
        Assert.Equal(0, code);
        Assert.Matches(@"(?m)^\d+ passed, 0 failed$", output);
    }
}
