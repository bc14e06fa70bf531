using System.Text.Json;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Randomness;
using SpikeSeg.Host.Conformance;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Core.Learning;

/// <summary>
/// b_stdp.json's <c>train_step_conv2_no_homeostasis</c> runs the encoder on d_encoder_decoder.json's input; that
/// file records the pool1 and conv2 first spike times of the same run, so the learning half of the step
/// (WTA <c>both</c> + the trainer update) can be checked here without the encoder. The conformance case itself
/// belongs to whoever wires the encoder into training.
/// </summary>
public sealed class TrainStepFromRecordedTimesTests
{
    private static JsonElement Load(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedPaths.Golden, file)));
        return document.RootElement.Clone();
    }

    [Fact]
    public void LearningHalfOfTheTrainStep_MatchesTheGoldenWinnersAndWeights()
    {
        var model = Load("d_encoder_decoder.json");
        var step = Load("b_stdp.json").GetProperty("cases").GetProperty("train_step_conv2_no_homeostasis");
        var weightsTensor = GoldenTensor.Parse(model.GetProperty("weights").GetProperty("conv2"));
        var pre = GoldenTensor.Parse(model.GetProperty("layer_first_spike_times_B_C_H_W").GetProperty("pool1"));
        var post = GoldenTensor.Parse(model.GetProperty("layer_first_spike_times_B_C_H_W").GetProperty("conv2"));
        var kernel = new KernelShape(weightsTensor.Shape[0], weightsTensor.Shape[1], weightsTensor.Shape[2]);
        var preShape = new SpikeMapShape(pre.Shape[1], pre.Shape[2], pre.Shape[3]);
        var postShape = new SpikeMapShape(post.Shape[1], post.Shape[2], post.Shape[3]);

        var spec = new LearningSpec
        {
            WtaMode = WtaMode.Both,
            WtaTieRule = WtaTieRule.ReferenceSamePixel,
            Homeostasis = new HomeostasisSpec { Enabled = false },
        };
        var learner = new LayerLearner(kernel, postShape, spec);
        var weights = weightsTensor.ToFloat();
        var result = learner.LearnSample(weights, pre.ToFloat(), preShape, post.ToFloat(), new float[postShape.Length], [], new DeterministicRandom(42));

        var expectedWinners = step.GetProperty("winners_feat_y_x").EnumerateArray()
            .Select(w => new WtaWinner(w[0].GetInt32(), w[1].GetInt32(), w[2].GetInt32())).ToArray();
        Assert.Equal(expectedWinners, result.Winners);
        Assert.Equal(step.GetProperty("n_updates").GetInt32(), result.UpdateCount);
        Expect.Close("conv2_weights_after", GoldenTensor.Parse(step.GetProperty("conv2_weights_after")), weights);
    }
}
