using System.Text.Json;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Network;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>
/// b_stdp.json's <c>train_step_conv2_no_homeostasis</c>: one full trainer step on the tiny model of
/// d_encoder_decoder.json — the encoder forward pass (reset, fire-once) on both engines, then WTA <c>both</c> on
/// conv2's first spike times and the trainer's STDP update with pool1's first spike times as pre times.
/// </summary>
public sealed class TrainStepSuite : IGoldenSuite
{
    private const string CaseName = "train_step_conv2_no_homeostasis";

    public string FileName => "b_stdp.json";

    public IEnumerable<GoldenCase> Cases(JsonElement root) => throw new NotSupportedException("This suite needs the companion d_encoder_decoder.json.");

    public IEnumerable<GoldenCase> Cases(JsonElement root, string directory)
    {
        var expected = root.GetProperty("cases").GetProperty(CaseName);
        var model = new Lazy<JsonElement>(() =>
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "d_encoder_decoder.json")));
            return document.RootElement.Clone();
        });
        foreach (var engine in LayerHarness.Engines)
        {
            yield return new GoldenCase(FileName, $"{CaseName}/{engine}", () => Check(expected, model.Value, engine));
        }
    }

    private static void Check(JsonElement expected, JsonElement model, EncoderEngine engine)
    {
        var run = EncoderDecoderSuite.EncoderRun.Execute(model, engine);
        var window = run.Encoder.Window;
        int conv2Spikes = run.Spikes["conv2"].Sum(step => step.Count(v => v != 0));
        Expect.Equal("n_spikes (conv2 spikes summed over T)", expected.GetProperty("n_spikes").GetInt32(), conv2Spikes);

        var conv2 = run.Encoder.Conv2;
        var kernel = new KernelShape(conv2.Weights.OutChannels, conv2.Weights.InChannels, conv2.Weights.Kernel);
        var preShape = new SpikeMapShape(window.Pool1.Channels, window.Pool1.Height, window.Pool1.Width);
        var postShape = new SpikeMapShape(window.Conv2.Channels, window.Conv2.Height, window.Conv2.Width);
        var spec = new LearningSpec
        {
            WtaMode = WtaMode.Both,
            WtaTieRule = WtaTieRule.ReferenceSamePixel,
            Homeostasis = new HomeostasisSpec { Enabled = false },
        };
        var learner = new LayerLearner(kernel, postShape, spec);
        var weights = conv2.Weights.Oihw.ToArray();
        var pre = window.Pool1.Chw.ToArray().Select(t => (float)t).ToArray();
        var post = window.Conv2.Chw.ToArray().Select(t => (float)t).ToArray();
        var result = learner.LearnSample(weights, pre, preShape, post, new float[postShape.Length], [], new DeterministicRandom(42));

        var winners = expected.GetProperty("winners_feat_y_x").EnumerateArray()
            .Select(w => new WtaWinner(w[0].GetInt32(), w[1].GetInt32(), w[2].GetInt32())).ToArray();
        Expect.Exact("winners (feature, y, x)", winners.AsSpan(), result.Winners.AsSpan());
        Expect.Equal("n_updates", expected.GetProperty("n_updates").GetInt32(), result.UpdateCount);
        Expect.Close("conv2_weights_after", GoldenTensor.Parse(expected.GetProperty("conv2_weights_after")), weights);
    }
}
