using System.Text.Json;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>
/// Golden checks of <c>a_lif_layer.json</c>: the encoder layer step (subtractive, multiplicative, no leak), the
/// scalar neuron sequences and the static-input <c>SpikingConv2d</c> run, each through both layer engines.
/// </summary>
public sealed class LifLayerSuite : IGoldenSuite
{
    public string FileName => "a_lif_layer.json";

    public IEnumerable<GoldenCase> Cases(JsonElement root)
    {
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            string name = c.GetProperty("name").GetString()!;
            foreach (var engine in LayerHarness.Engines)
            {
                yield return new GoldenCase(FileName, $"{name}/{engine}", () => RunLayerCase(c, engine));
            }
        }

        int n = 0;
        foreach (var s in root.GetProperty("neuron_scalar_sequences").EnumerateArray())
        {
            string name = $"scalar_{n++}_{s.GetProperty("neuron").GetString()}"
                + (s.TryGetProperty("leak_mode", out var mode) ? $"_{mode.GetString()}" : string.Empty)
                + (s.GetProperty("fire_once_mask_used").GetBoolean() ? "_fire_once" : string.Empty);
            yield return new GoldenCase(FileName, $"{name}/dynamics", () => RunScalarSequence(s, engine: null));
            foreach (var engine in LayerHarness.Engines)
            {
                yield return new GoldenCase(FileName, $"{name}/{engine}", () => RunScalarSequence(s, engine));
            }
        }

        var staticCase = root.GetProperty("spiking_conv2d_static_input");
        foreach (var engine in LayerHarness.Engines)
        {
            yield return new GoldenCase(FileName, $"spiking_conv2d_static_input/{engine}", () => RunStaticInput(staticCase, engine));
        }
    }

    private static void RunLayerCase(JsonElement c, EncoderEngine engine)
    {
        var p = c.GetProperty("params");
        var weights = GoldenTensor.Parse(c.GetProperty("weights"));
        var input = GoldenTensor.Parse(c.GetProperty("input_spikes_T_B_C_H_W"));
        int inChannels = p.GetProperty("in_channels").GetInt32();
        int height = input.Shape[3], width = input.Shape[4];
        var geometry = new ConvGeometry(
            inChannels, height, width, p.GetProperty("out_channels").GetInt32(), p.GetProperty("kernel_size").GetInt32(), p.GetProperty("stride").GetInt32(), p.GetProperty("padding").GetInt32());
        var mode = ParseLeakMode(p.GetProperty("leak_mode").GetString());
        var neuron = LayerHarness.Lif(mode, p.GetProperty("threshold").GetSingle(), p.GetProperty("leak_abs").GetSingle());
        var harness = new LayerHarness(engine, geometry, neuron, weights.ToFloat(), fireOnce: true);
        var frames = input.ToFloat();
        int frame = inChannels * height * width;
        foreach (var step in c.GetProperty("steps").EnumerateArray())
        {
            int t = step.GetProperty("t").GetInt32();
            var spikes = harness.Step(frames.AsSpan(t * frame, frame));
            Expect.Close($"t{t} input_current", GoldenTensor.Parse(step.GetProperty("input_current")), harness.Current());
            Expect.Close($"t{t} pre_reset_membrane", GoldenTensor.Parse(step.GetProperty("pre_reset_membrane")), harness.PreReset());
            Expect.Exact($"t{t} spikes", GoldenTensor.Parse(step.GetProperty("spikes")), spikes);
            Expect.Close($"t{t} membrane_after", GoldenTensor.Parse(step.GetProperty("membrane_after")), harness.Membrane());
            Expect.Exact($"t{t} has_fired_after", GoldenTensor.Parse(step.GetProperty("has_fired_after")), harness.HasFired());
        }
    }

    /// <summary>
    /// A scalar neuron: through <see cref="NeuronDynamics"/> directly, or as a 1×1 layer with weight 1 whose input
    /// cell carries the current (a zero current is no input at all, so the event-driven engine settles it lazily).
    /// </summary>
    private static void RunScalarSequence(JsonElement s, EncoderEngine? engine)
    {
        float threshold = s.GetProperty("threshold").GetSingle();
        bool isIf = s.GetProperty("neuron").GetString() == "IF";
        var mode = s.TryGetProperty("leak_mode", out var m) ? ParseLeakMode(m.GetString()) : LeakMode.Subtractive;
        float leak = s.TryGetProperty("leak_factor", out var lf) ? lf.GetSingle() * threshold : 0f;
        var neuron = new NeuronParameters(isIf ? NeuronModel.If : NeuronModel.Lif, mode, threshold, leak);
        bool fireOnce = s.GetProperty("fire_once_mask_used").GetBoolean();
        var harness = engine is { } e ? new LayerHarness(e, new ConvGeometry(1, 1, 1, 1, 1, 1, 0), neuron, [1f], fireOnce) : null;
        float v = 0f;
        bool fired = false;
        int t = 0;
        foreach (var entry in s.GetProperty("sequence").EnumerateArray())
        {
            float current = entry.GetProperty("current").GetSingle();
            float spike, preReset, membrane;
            if (harness is null)
            {
                spike = NeuronDynamics.Step(ref v, ref fired, current, threshold, neuron, fireOnce, out preReset) ? 1f : 0f;
                membrane = v;
            }
            else
            {
                spike = harness.Step([current])[0];
                preReset = harness.PreReset()[0];
                membrane = harness.Membrane()[0];
            }

            Expect.Close($"t{t} pre_reset", entry.GetProperty("pre_reset").GetDouble(), preReset);
            Expect.Equal($"t{t} spike", entry.GetProperty("spike").GetDouble(), (double)spike);
            Expect.Close($"t{t} membrane", entry.GetProperty("membrane").GetDouble(), membrane);
            t++;
        }
    }

    /// <summary><c>SpikingConv2d</c>: the same input frame at every step, fresh state, fire-once, spike counts and first spike times.</summary>
    private static void RunStaticInput(JsonElement c, EncoderEngine engine)
    {
        var p = c.GetProperty("params");
        var input = GoldenTensor.Parse(c.GetProperty("input"));
        var weights = GoldenTensor.Parse(c.GetProperty("weights"));
        int height = input.Shape[0], width = input.Shape[1];
        float threshold = p.GetProperty("threshold").GetSingle();
        var geometry = new ConvGeometry(weights.Shape[1], height, width, weights.Shape[0], weights.Shape[2], 1, p.GetProperty("padding").GetInt32());
        var neuron = LayerHarness.Lif(ParseLeakMode(p.GetProperty("leak_mode").GetString()), threshold, p.GetProperty("leak_factor").GetSingle() * threshold);
        var harness = new LayerHarness(engine, geometry, neuron, weights.ToFloat(), fireOnce: true);
        var frame = input.ToFloat();
        int steps = p.GetProperty("n_timesteps").GetInt32();
        var total = new float[geometry.OutputLength];
        var times = new float[geometry.OutputLength];
        times.AsSpan().Fill(-1f);
        var perStep = c.GetProperty("spikes_per_step").EnumerateArray().ToList();
        Expect.Equal("spikes_per_step count", steps, perStep.Count);
        for (int t = 0; t < steps; t++)
        {
            var spikes = harness.Step(frame);
            Expect.Exact($"t{t} spikes", GoldenTensor.Parse(perStep[t]), spikes);
            for (int i = 0; i < spikes.Length; i++)
            {
                total[i] += spikes[i];
                if (spikes[i] != 0f && times[i] < 0f)
                {
                    times[i] = t;
                }
            }
        }

        Expect.Exact("total_spikes", GoldenTensor.Parse(c.GetProperty("total_spikes")), total);
        Expect.Exact("spike_times", GoldenTensor.Parse(c.GetProperty("spike_times")), times);
        Expect.Close("final_membrane", GoldenTensor.Parse(c.GetProperty("final_membrane")), harness.Membrane());
        Expect.Close("last_pre_reset_membrane", GoldenTensor.Parse(c.GetProperty("last_pre_reset_membrane")), harness.PreReset());
    }

    private static LeakMode ParseLeakMode(string? mode) => mode switch
    {
        "subtractive" => LeakMode.Subtractive,
        "multiplicative" => LeakMode.Multiplicative,
        _ => throw new ConformanceMismatchException($"unknown leak_mode '{mode}'"),
    };
}
