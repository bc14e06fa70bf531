using System.Text.Json;
using SpikeSeg.Core.Output;
using SpikeSeg.Host.Cli;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Numpy;
using SpikeSeg.Streaming.Reporting;
using SpikeSeg.Streaming.Running;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Tests.Streaming.Reporting;

using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Cli;

/// <summary><c>spikeseg eval</c> end to end on a short synthetic sky learning from random weights.</summary>
public sealed class EvalCommandTests() : CliTestBase("spikeseg-eval-")
{
    private void Synth(double seconds = 6)
    {
        var (code, _, err) = Run("synth", "--seconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "2",
            "--out", P("sky.npy"), "--labels", P("sky.csv"), "--ids", P("ids.npy"));
        Assert.True(code == 0, err);
    }

    [Fact]
    public void JsonHasTheScoresAndTheReportFolderHasReadableFigures()
    {
        Synth();
        var (code, output, error) = Run("eval", P("sky.npy"), "--labels", P("sky.csv"), "--preset", "sda-live", "--learn", "--ids", P("ids.npy"),
            "--report", P("report"), "--json", "--score-from-us", "0", "--radius", "4");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        foreach (string key in new[] { "precision", "recall", "f1", "informedness", "event_iou", "sensitivity", "specificity" })
        {
            double v = root.GetProperty(key).GetDouble();
            Assert.True(v is >= -1 and <= 1, $"{key} = {v}");
        }

        Assert.Equal(4.0, root.GetProperty("radius_px").GetDouble());
        int tp = root.GetProperty("true_positives").GetInt32(), fp = root.GetProperty("false_positives").GetInt32();
        Assert.Equal(tp + fp == 0 ? 0 : (double)tp / (tp + fp), root.GetProperty("precision").GetDouble(), 12);
        Assert.Equal(6000, root.GetProperty("scored_slices").GetInt32()); // 6 s of 1 ms steps, all scored

        string md = File.ReadAllText(P("report/report.md"));
        Assert.Contains("| figure | shows |", md, StringComparison.Ordinal);
        var pngs = Directory.GetFiles(P("report"), "*.png").Select(Path.GetFileName).ToList();
        foreach (string required in new[] { "kernels-conv1.png", "kernels-conv2.png", "kernels-conv3.png", "convergence.png", "thresholds.png", "timeline.png" })
        {
            Assert.Contains(required, pngs);
        }

        Assert.Contains(pngs, p => p!.StartsWith("frame-", StringComparison.Ordinal));
        foreach (string png in pngs!)
        {
            Assert.Contains($"![{png}]({png})", md, StringComparison.Ordinal);
            var image = PngFile.Read(P("report/" + png));
            Assert.True(image.Width >= 40 && image.Height >= 40, $"{png} is {image.Width}x{image.Height}");
            Assert.True(PngFile.DistinctColours(image) >= 4, $"{png} looks blank");
        }

        var frame = PngFile.Read(P("report/" + pngs.First(p => p!.StartsWith("frame-", StringComparison.Ordinal))));
        Assert.Equal((720, 540), (frame.Width, frame.Height)); // 240×180 at 3×
        Assert.True(PngFile.Count(frame, SpikeSeg.Streaming.Imaging.Rgb.Saliency) > 0, "segmented events are drawn in the saliency colour");
    }

    [Fact]
    public void SegmentedEventCountMatchesAnIndependentReplayOfTheFrames()
    {
        Synth(3);
        var ids = NpyArray.Read(File.OpenRead(P("ids.npy")), "ids.npy").ToArray<int>();
        var result = EvalCommand.Run(new EvalOptions(P("sky.npy"), P("sky.csv"), ModelSource.Resolve(null, "sda-live"), null, Learn: true, ReportPath: null, RadiusPx: 3, ScoreFromUs: 1_000_000, IdsPath: P("ids.npy")));

        // Oracle: the same deterministic run, frames kept by their start time, each event looked up in its own step.
        var spec = PresetLoader.Load("sda-live");
        var run = new SegmentationRun(spec, new EngineOptions { StreamName = "eval", Sensor = SensorGeometry.Davis240C, Learn = true, Continuous = true });
        var frames = new Dictionary<long, SegmentationFrame>();
        run.OnFrame((f, _) => frames[f.TStartUs] = f);
        var events = new List<(long T, int X, int Y)>();
        using (var reader = EventReaders.Open(P("sky.npy")))
        {
            var packet = new EventPacket(1 << 15);
            while (reader.Read(packet, 1 << 15) > 0)
            {
                for (int i = 0; i < packet.Count; i++)
                {
                    events.Add((packet.TimestampUs[i], packet.X[i], packet.Y[i]));
                }

                run.Feed(packet);
                packet.Clear();
            }
        }

        run.Complete();
        long origin = frames.Keys.Min(), dt = spec.Input.StepUs;
        long segmented = 0, intersection = 0, objects = 0;
        for (int i = 0; i < events.Count; i++)
        {
            var (t, x, y) = events[i];
            if (t < 1_000_000)
            {
                continue;
            }

            objects += ids[i] >= 0 ? 1 : 0;
            bool inside = frames.TryGetValue(origin + ((t - origin) / dt * dt), out var f)
                && f.Instances.Any(b => x >= b.X0 && x <= b.X1 && y >= b.Y0 && y <= b.Y1);
            segmented += inside ? 1 : 0;
            intersection += inside && ids[i] >= 0 ? 1 : 0;
        }

        Assert.True(segmented > 0, "the run segments something in 3 s");
        Assert.Equal(segmented, result.EventIou!.SegmentedEvents);
        Assert.Equal(intersection, result.EventIou.Intersection);
        Assert.Equal(objects, result.EventIou.ObjectEvents);
    }

    [Fact]
    public void BadSettingsAndMismatchedIdsGiveOneLineErrors()
    {
        Synth(1);
        var (code, _, error) = Run("eval", P("sky.npy"), "--labels", P("sky.csv"), "--radius", "-1");
        Assert.Equal(1, code);
        Assert.Contains("--radius", error, StringComparison.Ordinal);

        using (var stream = File.Create(P("short.npy")))
        {
            NpyArray.Write<int>(stream, new int[10], [10]);
        }

        (code, _, error) = Run("eval", P("sky.npy"), "--labels", P("sky.csv"), "--ids", P("short.npy"));
        Assert.Equal(1, code);
        Assert.Contains("--ids", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));

        (code, _, _) = Run("eval", P("sky.npy"));
        Assert.Equal(2, code); // --labels is required
    }
}
