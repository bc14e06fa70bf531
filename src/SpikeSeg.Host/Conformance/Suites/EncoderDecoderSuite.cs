using System.Text.Json;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>
/// Golden checks of the encoder parts of <c>d_encoder_decoder.json</c> (the decoder saliency belongs to
/// <see cref="DecoderSaliencySuite"/>): every layer's spikes per step, first spike times, per-step membranes and
/// conv3 pre-reset, per-step and final pooling indices, output sizes — each through both encoder engines.
/// </summary>
public sealed class EncoderDecoderSuite : IGoldenSuite
{
    private static readonly string[] Layers = ["conv1", "pool1", "conv2", "pool2", "conv3"];

    public string FileName => "d_encoder_decoder.json";

    public IEnumerable<GoldenCase> Cases(JsonElement root)
    {
        foreach (var engine in LayerHarness.Engines)
        {
            var run = new Lazy<EncoderRun>(() => EncoderRun.Execute(root, engine));
            yield return new GoldenCase(FileName, $"encoder_layer_spikes/{engine}", () => CheckSpikes(root, run.Value));
            yield return new GoldenCase(FileName, $"encoder_first_spike_times/{engine}", () => CheckFirstSpikeTimes(root, run.Value));
            yield return new GoldenCase(FileName, $"encoder_membranes_per_step/{engine}", () => CheckMembranes(root, run.Value));
            yield return new GoldenCase(FileName, $"encoder_pool_indices/{engine}", () => CheckPoolIndices(root, run.Value));
            yield return new GoldenCase(FileName, $"encoder_output_sizes/{engine}", () => CheckOutputSizes(root, run.Value));
        }
    }

    private static void CheckSpikes(JsonElement root, EncoderRun run)
    {
        var golden = root.GetProperty("layer_spikes_T_B_C_H_W");
        foreach (string layer in Layers)
        {
            var expected = GoldenTensor.Parse(golden.GetProperty(layer));
            Expect.Exact($"{layer} spikes", expected, run.Spikes[layer].SelectMany(s => s).ToArray());
        }
    }

    private static void CheckFirstSpikeTimes(JsonElement root, EncoderRun run)
    {
        var golden = root.GetProperty("layer_first_spike_times_B_C_H_W");
        var w = run.Encoder.Window;
        var maps = new Dictionary<string, FirstSpikeTimes> { ["conv1"] = w.Conv1, ["pool1"] = w.Pool1, ["conv2"] = w.Conv2, ["pool2"] = w.Pool2, ["conv3"] = w.Conv3 };
        foreach (string layer in Layers)
        {
            var actual = maps[layer].Chw.ToArray().Select(t => (float)t).ToArray();
            Expect.Exact($"{layer} first spike times", GoldenTensor.Parse(golden.GetProperty(layer)), actual);
        }
    }

    private static void CheckMembranes(JsonElement root, EncoderRun run)
    {
        int t = 0;
        foreach (var step in root.GetProperty("per_step_state").EnumerateArray())
        {
            Expect.Equal("per_step_state t", t, step.GetProperty("t").GetInt32());
            Expect.Close($"t{t} conv1_membrane_after", GoldenTensor.Parse(step.GetProperty("conv1_membrane_after")), run.Conv1Membrane[t]);
            Expect.Close($"t{t} conv2_membrane_after", GoldenTensor.Parse(step.GetProperty("conv2_membrane_after")), run.Conv2Membrane[t]);
            Expect.Close($"t{t} conv3_membrane_after", GoldenTensor.Parse(step.GetProperty("conv3_membrane_after")), run.Conv3Membrane[t]);
            Expect.Close($"t{t} conv3_pre_reset", GoldenTensor.Parse(step.GetProperty("conv3_pre_reset")), run.Conv3PreReset[t]);
            t++;
        }

        Expect.Equal("steps", run.Steps, t);
    }

    private static void CheckPoolIndices(JsonElement root, EncoderRun run)
    {
        var w = run.Encoder.Window;
        int t = 0;
        foreach (var step in root.GetProperty("per_step_state").EnumerateArray())
        {
            CheckIndices($"t{t} pool1_indices_this_step", GoldenTensor.Parse(step.GetProperty("pool1_indices_this_step")), w.Pool1Geometry, span => w.Pool1IndicesAt(t, span));
            CheckIndices($"t{t} pool2_indices_this_step", GoldenTensor.Parse(step.GetProperty("pool2_indices_this_step")), w.Pool2Geometry, span => w.Pool2IndicesAt(t, span));
            t++;
        }

        int last = w.StepCount - 1;
        CheckIndices("final_pool1_indices", GoldenTensor.Parse(root.GetProperty("final_pool1_indices")), w.Pool1Geometry, span => w.Pool1IndicesAt(last, span));
        CheckIndices("final_pool2_indices", GoldenTensor.Parse(root.GetProperty("final_pool2_indices")), w.Pool2Geometry, span => w.Pool2IndicesAt(last, span));
    }

    private static void CheckIndices(string what, GoldenTensor expected, PoolGeometry geometry, SpanFiller fill)
    {
        var indices = new int[geometry.OutputLength];
        fill(indices);
        Expect.Exact(what, expected.ToInt(), indices);
    }

    private static void CheckOutputSizes(JsonElement root, EncoderRun run)
    {
        var t = run.Encoder.Topology;
        int[] pool1Size = [1, t.Conv1Geometry.OutChannels, t.Conv1Geometry.OutHeight, t.Conv1Geometry.OutWidth];
        int[] pool2Size = [1, t.Conv2Geometry.OutChannels, t.Conv2Geometry.OutHeight, t.Conv2Geometry.OutWidth];
        Expect.Exact("pool1_output_size", root.GetProperty("pool1_output_size").EnumerateArray().Select(e => e.GetInt32()).ToArray(), pool1Size);
        Expect.Exact("pool2_output_size", root.GetProperty("pool2_output_size").EnumerateArray().Select(e => e.GetInt32()).ToArray(), pool2Size);
        var spikes = root.GetProperty("layer_spikes_T_B_C_H_W");
        Expect.Exact("conv3 shape", GoldenTensor.Parse(spikes.GetProperty("conv3")).Shape.Skip(2).ToArray(), [t.Conv3Geometry.OutChannels, t.Conv3Geometry.OutHeight, t.Conv3Geometry.OutWidth]);
        Expect.Exact("pool2 shape", GoldenTensor.Parse(spikes.GetProperty("pool2")).Shape.Skip(2).ToArray(), [t.Pool2Geometry.Channels, t.Pool2Geometry.OutHeight, t.Pool2Geometry.OutWidth]);
    }

    private delegate void SpanFiller(Span<int> indices);

    /// <summary>The golden model run once per engine, with every per-step quantity the checks need.</summary>
    internal sealed class EncoderRun
    {
        public required SpikingEncoder Encoder { get; init; }

        public int Steps { get; init; }

        public Dictionary<string, List<float[]>> Spikes { get; } = Layers.ToDictionary(l => l, _ => new List<float[]>());

        public List<float[]> Conv1Membrane { get; } = [];

        public List<float[]> Conv2Membrane { get; } = [];

        public List<float[]> Conv3Membrane { get; } = [];

        public List<float[]> Conv3PreReset { get; } = [];

        public static EncoderRun Execute(JsonElement root, EncoderEngine engine)
        {
            var config = root.GetProperty("config");
            var layers = config.GetProperty("layers");
            var input = GoldenTensor.Parse(root.GetProperty("input_T_B_C_H_W"));
            var topology = new EncoderTopology(
                config.GetProperty("input_channels").GetInt32(),
                input.Shape[3],
                input.Shape[4],
                Layer(layers.GetProperty("conv1")),
                Pool(config.GetProperty("pool1")),
                Layer(layers.GetProperty("conv2")),
                Pool(config.GetProperty("pool2")),
                Layer(layers.GetProperty("conv3")));
            var encoder = new SpikingEncoder(topology, engine);
            var weights = root.GetProperty("weights");
            encoder.Conv1.Weights.SetAll(GoldenTensor.Parse(weights.GetProperty("conv1")).ToFloat());
            encoder.Conv2.Weights.SetAll(GoldenTensor.Parse(weights.GetProperty("conv2")).ToFloat());
            encoder.Conv3.Weights.SetAll(GoldenTensor.Parse(weights.GetProperty("conv3")).ToFloat());
            encoder.FireOnce = true;
            encoder.BeginWindow(resetState: true);

            int steps = input.Shape[0];
            var run = new EncoderRun { Encoder = encoder, Steps = steps };
            var frames = input.ToFloat();
            int frame = input.Length / steps;
            var cells = new List<InputCell>();
            for (int t = 0; t < steps; t++)
            {
                InputCells.FromDense(frames.AsSpan(t * frame, frame), topology.InputChannels, topology.InputHeight, topology.InputWidth, cells);
                var step = encoder.Step(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(cells));
                run.Spikes["conv1"].Add(Dense(topology.Conv1Geometry, step.Conv1Spikes));
                run.Spikes["pool1"].Add(Dense(topology.Pool1Geometry, step.Pool1Spikes));
                run.Spikes["conv2"].Add(Dense(topology.Conv2Geometry, step.Conv2Spikes));
                run.Spikes["pool2"].Add(Dense(topology.Pool2Geometry, step.Pool2Spikes));
                run.Spikes["conv3"].Add(Dense(topology.Conv3Geometry, step.Conv3Spikes));
                run.Conv1Membrane.Add(Read(encoder.Conv1, v => encoder.Conv1.CopyMembraneTo(v)));
                run.Conv2Membrane.Add(Read(encoder.Conv2, v => encoder.Conv2.CopyMembraneTo(v)));
                run.Conv3Membrane.Add(Read(encoder.Conv3, v => encoder.Conv3.CopyMembraneTo(v)));
                run.Conv3PreReset.Add(Read(encoder.Conv3, v => encoder.Conv3.CopyPreResetTo(v)));
            }

            return run;
        }

        private static LayerSpec Layer(JsonElement e) => new(
            e.GetProperty("out_channels").GetInt32(),
            e.GetProperty("kernel_size").GetInt32(),
            e.GetProperty("threshold").GetSingle(),
            e.GetProperty("leak_abs").GetSingle(),
            e.GetProperty("leak_mode").GetString() == "multiplicative" ? LeakMode.Multiplicative : LeakMode.Subtractive);

        private static PoolSpec Pool(JsonElement e) => new(e.GetProperty("kernel").GetInt32(), e.GetProperty("stride").GetInt32());

        private static float[] Dense(ConvGeometry g, ReadOnlySpan<LayerSpike> spikes)
        {
            var map = new float[g.OutputLength];
            foreach (var s in spikes)
            {
                map[(((s.Channel * g.OutHeight) + s.Y) * g.OutWidth) + s.X] = 1f;
            }

            return map;
        }

        private static float[] Dense(PoolGeometry g, ReadOnlySpan<PooledSpike> spikes)
        {
            var map = new float[g.OutputLength];
            foreach (var s in spikes)
            {
                map[(((s.Channel * g.OutHeight) + s.Y) * g.OutWidth) + s.X] = 1f;
            }

            return map;
        }

        private static float[] Read(ISpikingLayer layer, Action<float[]> copy)
        {
            var values = new float[layer.Geometry.OutputLength];
            copy(values);
            return values;
        }
    }
}
