using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Tests.Core.Learning;

public sealed class LayerLearnerTests
{
    private static readonly KernelShape Kernel = new(2, 1, 3);
    private static readonly SpikeMapShape PreShape = new(1, 4, 4);
    private static readonly SpikeMapShape PostShape = new(2, 4, 4);

    private static (float[] Pre, float[] Post, float[] Counts) Sample()
    {
        var pre = Enumerable.Range(0, PreShape.Length).Select(i => (float)(i % 3)).ToArray();
        var post = Enumerable.Repeat(-1f, PostShape.Length).ToArray();
        var counts = new float[PostShape.Length];
        post[PostShape.IndexOf(0, 1, 1)] = 1f;
        counts[PostShape.IndexOf(0, 1, 1)] = 1f;
        post[PostShape.IndexOf(1, 3, 3)] = 2f;
        counts[PostShape.IndexOf(1, 3, 3)] = 1f;
        return (pre, post, counts);
    }

    [Fact]
    public void LearnSample_EqualsWtaThenTrainerUpdate_AndCountsWins()
    {
        var spec = new LearningSpec { WtaMode = WtaMode.Both, WtaTieRule = WtaTieRule.Radius, WtaLocalRadius = 1 };
        var learner = new LayerLearner(Kernel, PostShape, spec);
        var (pre, post, counts) = Sample();
        var weights = Enumerable.Repeat(0.5f, Kernel.Length).ToArray();
        var expected = (float[])weights.Clone();

        var result = learner.LearnSample(weights, pre, PreShape, post, counts, [], new DeterministicRandom(1));

        WtaWinner[] winners = [new WtaWinner(0, 1, 1), new WtaWinner(1, 3, 3)];
        Assert.Equal(winners, result.Winners);
        TrainerStdpUpdate.Apply(expected, Kernel, pre, PreShape, post, PostShape, winners, new MultiplicativeRule(0.04f, 0.03f), new WeightBounds(0f, 1f));
        Assert.Equal(expected, weights);
        Assert.Equal(18, result.UpdateCount);
        Assert.Equal([1, 1], learner.Wins.Wins.ToArray());
        Assert.Equal(1, learner.Cooldown.WinsAt(0, 1, 1));
    }

    [Fact]
    public void LearnSample_UpdatesThresholdsOfMapsThatFired()
    {
        var spec = new LearningSpec();
        var learner = new LayerLearner(Kernel, PostShape, spec);
        var (pre, post, counts) = Sample();
        Array.Clear(counts);
        counts[PostShape.IndexOf(1, 0, 0)] = 3f;
        learner.LearnSample(new float[Kernel.Length], pre, PreShape, post, counts, [], new DeterministicRandom(1));

        var thresholds = learner.Thresholds!.Thresholds;
        Assert.Equal(spec.Homeostasis.ThetaRest, thresholds[0]);
        Assert.True(thresholds[1] > spec.Homeostasis.ThetaRest);
    }

    [Fact]
    public void BeginLayer_ResetsWinsCooldownAndStopRule()
    {
        var learner = new LayerLearner(Kernel, PostShape, new LearningSpec());
        var (pre, post, counts) = Sample();
        learner.LearnSample(new float[Kernel.Length], pre, PreShape, post, counts, [], new DeterministicRandom(1));
        Assert.Equal(StopDecision.Continue, learner.EndEpoch());
        learner.BeginLayer();
        Assert.Equal([0, 0], learner.Wins.Wins.ToArray());
        Assert.Equal(0, learner.Cooldown.WinsAt(0, 1, 1));
        Assert.Equal(0, learner.StopRule.EpochsCompleted);
    }

    [Fact]
    public void NegativeRadius_IsRejectedWithTheSettingName()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new LayerLearner(Kernel, PostShape, new LearningSpec { WtaLocalRadius = -1 }));
        Assert.Contains("wtaLocalRadius", ex.Message, StringComparison.Ordinal);
    }
}
