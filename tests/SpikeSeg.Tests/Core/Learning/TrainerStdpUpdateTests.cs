using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Tests.Core.Learning;

public sealed class TrainerStdpUpdateTests
{
    private static readonly KernelShape Kernel = new(2, 1, 3);
    private static readonly SpikeMapShape PreShape = new(1, 3, 3);
    private static readonly SpikeMapShape PostShape = new(2, 3, 3);
    private static readonly MultiplicativeRule Rule = new(0.04f, 0.03f);
    private static readonly WeightBounds UnitBounds = new(0f, 1f);

    // At w = 0.5: LTP 0.04·0.25 = 0.01, LTD −0.03·0.25 = −0.0075.
    private const float Ltp = 0.51f;
    private const float Ltd = 0.4925f;

    private static float[] Halves() => Enumerable.Repeat(0.5f, Kernel.Length).ToArray();

    private static float[] Post(params (int F, int Y, int X, float T)[] spikes)
    {
        var post = Enumerable.Repeat(-1f, PostShape.Length).ToArray();
        foreach (var (f, y, x, t) in spikes)
        {
            post[PostShape.IndexOf(f, y, x)] = t;
        }

        return post;
    }

    [Fact]
    public void CentreWinner_PotentiatesCausalAndDepressesLateOrSilentInputs()
    {
        var weights = Halves();
        float[] pre = [0, 1, 2, 3, -1, 2, 5, 0, 1];
        int count = TrainerStdpUpdate.Apply(weights, Kernel, pre, PreShape, Post((0, 1, 1, 2f)), PostShape, [new WtaWinner(0, 1, 1)], Rule, UnitBounds);

        Assert.Equal(9, count);
        float[] expected = [Ltp, Ltp, Ltp, Ltd, Ltd, Ltp, Ltd, Ltp, Ltp];
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(expected[i], weights[i], 6);
            Assert.Equal(0.5f, weights[9 + i]);
        }
    }

    [Fact]
    public void CornerWinner_TreatsPaddingAsNeverFired()
    {
        var weights = Halves();
        var pre = new float[9];
        TrainerStdpUpdate.Apply(weights, Kernel, pre, PreShape, Post((0, 0, 0, 1f)), PostShape, [new WtaWinner(0, 0, 0)], Rule, UnitBounds);

        // Field rows/cols −1..1: the first row and column are padding.
        float[] expected = [Ltd, Ltd, Ltd, Ltd, Ltp, Ltp, Ltd, Ltp, Ltp];
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(expected[i], weights[i], 6);
        }
    }

    [Fact]
    public void SkippedWinner_StillCountsInTheDivisor()
    {
        var weights = Halves();
        var pre = new float[9];
        var post = Post((0, 1, 1, 1f));
        post[PostShape.IndexOf(0, 2, 2)] = -1f;
        int count = TrainerStdpUpdate.Apply(weights, Kernel, pre, PreShape, post, PostShape, [new WtaWinner(0, 1, 1), new WtaWinner(0, 2, 2)], Rule, UnitBounds);

        Assert.Equal(9, count);
        // One applied winner, two listed: 0.5 + 0.01 / 2.
        Assert.All(weights.Take(9), w => Assert.Equal(0.505f, w, 6));
    }

    [Fact]
    public void TwoWinnersOfOneFeature_AreAveragedFromTheStartWeights()
    {
        var weights = Halves();
        // Every pre fired at 1: winner A (post 2) is causal over its whole field, winner B (post 0) anti-causal
        // over its in-map cells, and its last column is padding.
        var pre = Enumerable.Repeat(1f, 9).ToArray();
        var post = Post((0, 1, 1, 2f), (0, 1, 2, 0f));
        int count = TrainerStdpUpdate.Apply(weights, Kernel, pre, PreShape, post, PostShape, [new WtaWinner(0, 1, 1), new WtaWinner(0, 1, 2)], Rule, UnitBounds);

        Assert.Equal(18, count);
        // Each synapse: (LTP 0.01 + LTD −0.0075) / 2 = 0.00125.
        Assert.All(weights.Take(9), w => Assert.Equal(0.50125f, w, 6));
    }

    [Fact]
    public void OutOfRangeFeature_IsIgnored_AndTheWholeLayerIsClipped()
    {
        var weights = Halves();
        weights[12] = 1.5f;
        weights[3] = -0.2f;
        int count = TrainerStdpUpdate.Apply(weights, Kernel, new float[9], PreShape, Post(), PostShape, [new WtaWinner(5, 0, 0)], Rule, UnitBounds);

        Assert.Equal(0, count);
        Assert.Equal(1f, weights[12]);
        Assert.Equal(0f, weights[3]);
        Assert.Equal(0.5f, weights[0]);
    }

    [Fact]
    public void WeightsStayInBounds_ForAnyRuleAndInput()
    {
        ILearningRule[] rules = [Rule, new AdditiveRule(0.3f, 0.4f), new ExponentialPairRule(0.5f, 0.5f, 1f), new AdditiveLtpMultiplicativeLtdRule(0.6f, 0.9f)];
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new DeterministicRandom((ulong)seed);
            var kernel = new KernelShape(3, 2, 3);
            var preShape = new SpikeMapShape(2, 5, 5);
            var postShape = new SpikeMapShape(3, 5, 5);
            var bounds = new WeightBounds(0.1f, 0.9f);
            var weights = Enumerable.Range(0, kernel.Length).Select(_ => (float)random.NextDouble()).ToArray();
            var pre = Enumerable.Range(0, preShape.Length).Select(_ => (float)random.NextInt(-1, 5)).ToArray();
            var post = Enumerable.Range(0, postShape.Length).Select(_ => (float)random.NextInt(-1, 5)).ToArray();
            var winners = Enumerable.Range(0, random.NextInt(6)).Select(_ => new WtaWinner(random.NextInt(4), random.NextInt(5), random.NextInt(5))).ToArray();
            TrainerStdpUpdate.Apply(weights, kernel, pre, preShape, post, postShape, winners, rules[random.NextInt(rules.Length)], bounds);
            return weights.All(w => w >= 0.1f && w <= 0.9f);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void WinnerOutsideThePostMap_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            TrainerStdpUpdate.Apply(Halves(), Kernel, new float[9], PreShape, Post(), PostShape, [new WtaWinner(0, 3, 0)], Rule, UnitBounds));
    }
}
