using System.Text.Json;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Output;
using SpikeSeg.Host.Cli;
using SpikeSeg.Streaming.Checkpoints;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Tests.Streaming.Reporting;

using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Cli;

/// <summary><c>spikeseg inspect MODEL</c>: a checkpoint is recognised by its magic and summarised as a model.</summary>
public sealed class InspectModelTests() : CliTestBase("spikeseg-inspect-")
{
    private SpikeSegEngine WriteModel(string name)
    {
        var spec = PresetLoader.Load("sda-live");
        var engine = new SpikeSegEngine(spec, new EngineOptions { StreamName = "t", Sensor = spec.DefaultSensor, Learn = true }, (SegmentationFrame _) => { });
        CheckpointWriter.Write(P(name), EngineCheckpoint.Capture(engine));
        return engine;
    }

    [Fact]
    public void JsonReportsEachLayersConvergenceAndWeightRange()
    {
        var engine = WriteModel("m.bin"); // the extension does not matter, the magic does
        var (code, output, error) = Run("inspect", P("m.bin"), "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var layers = json.RootElement.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(3, layers.Count);
        for (int i = 0; i < 3; i++)
        {
            var weights = engine.Stages[i].Layer.Weights.Oihw;
            Assert.Equal(engine.Stages[i].Name, layers[i].GetProperty("name").GetString());
            Assert.Equal(ConvergenceMetric.Compute(weights), layers[i].GetProperty("convergence").GetDouble(), 9);
            Assert.Equal(weights.ToArray().Max(), layers[i].GetProperty("weight_max").GetDouble(), 6);
        }

        Assert.Equal("sda-live", json.RootElement.GetProperty("spec").GetProperty("name").GetString());
    }

    [Fact]
    public void TextShowsConfigurationAndKernelsAreRendered()
    {
        WriteModel("m.spikeseg");
        var (code, output, error) = Run("inspect", P("m.spikeseg"), "--kernels", P("k"));
        Assert.True(code == 0, error);
        Assert.Contains("conv2   36x4x5x5", output, StringComparison.Ordinal);
        Assert.Contains("\"stepsPerWindow\"", output, StringComparison.OrdinalIgnoreCase);
        var conv2 = PngFile.Read(P("k/kernels-conv2.png"));
        Assert.Equal(4 + (6 * ((2 * 21) - 1 + 4)), conv2.Width); // 6×6 features of 2×2 tiles of 5×4 px (+1 px gaps)
        Assert.True(PngFile.DistinctColours(conv2) > 4);
        Assert.True(File.Exists(P("k/kernels-conv1.png")) && File.Exists(P("k/kernels-conv3.png")));
    }

    [Fact]
    public void EventFilesAreStillInspectedAsEventsAndKernelsNeedAModel()
    {
        Assert.Equal(0, Run("synth", "--seconds", "0.2", "--out", P("s.npy")).Code);
        var (code, output, _) = Run("inspect", P("s.npy"));
        Assert.Equal(0, code);
        Assert.Contains("format", output, StringComparison.Ordinal);
        (code, _, var error) = Run("inspect", P("s.npy"), "--kernels", P("k"));
        Assert.Equal(1, code);
        Assert.Contains("not a model checkpoint", error, StringComparison.Ordinal);

        File.WriteAllBytes(P("broken.spikeseg"), [.. "SPKSEGCK"u8, 1, 2, 3]);
        (code, _, error) = Run("inspect", P("broken.spikeseg"));
        Assert.Equal(1, code);
        Assert.Contains("broken.spikeseg", error, StringComparison.Ordinal);
    }
}
