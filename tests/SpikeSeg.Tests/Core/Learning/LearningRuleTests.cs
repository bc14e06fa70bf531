using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Learning;

namespace SpikeSeg.Tests.Core.Learning;

public sealed class LearningRuleTests
{
    private const float APlus = 0.04f;
    private const float AMinus = 0.03f;

    [Fact]
    public void Multiplicative_PreBeforePost_PotentiatesBySoftBoundTimesAPlus()
    {
        var rule = new MultiplicativeRule(APlus, AMinus);
        // w = 0.8: w(1−w) = 0.16, Δ = 0.04 · 0.16 = 0.0064.
        Assert.Equal(0.0064f, rule.WeightChange(0.8f, 1f, 3f, preFired: true), 6);
    }

    [Fact]
    public void Multiplicative_SimultaneousSpikes_CountAsCausal()
    {
        var rule = new MultiplicativeRule(APlus, AMinus);
        // w = 0.5: 0.04 · 0.25 = 0.01.
        Assert.Equal(0.01f, rule.WeightChange(0.5f, 2f, 2f, preFired: true), 6);
    }

    [Fact]
    public void Multiplicative_PreAfterPostOrNever_DepressesBySoftBoundTimesAMinus()
    {
        var rule = new MultiplicativeRule(APlus, AMinus);
        // w = 0.3: w(1−w) = 0.21, Δ = −0.03 · 0.21 = −0.0063.
        Assert.Equal(-0.0063f, rule.WeightChange(0.3f, 4f, 2f, preFired: true), 6);
        Assert.Equal(-0.0063f, rule.WeightChange(0.3f, -1f, 2f, preFired: false), 6);
    }

    [Fact]
    public void Multiplicative_WeightsAtTheBounds_DoNotMove()
    {
        var rule = new MultiplicativeRule(APlus, AMinus);
        Assert.Equal(0f, rule.WeightChange(0f, 0f, 1f, true));
        Assert.Equal(0f, rule.WeightChange(1f, 0f, 1f, true));
    }

    [Fact]
    public void Additive_IgnoresTheWeight()
    {
        var rule = new AdditiveRule(APlus, AMinus);
        Assert.Equal(APlus, rule.WeightChange(0.1f, 0f, 0f, true));
        Assert.Equal(APlus, rule.WeightChange(0.9f, 1f, 5f, true));
        Assert.Equal(-AMinus, rule.WeightChange(0.9f, 6f, 5f, true));
        Assert.Equal(-AMinus, rule.WeightChange(0.2f, float.PositiveInfinity, 5f, false));
    }

    [Fact]
    public void ExponentialPair_DecaysWithTheTimeDifference()
    {
        var rule = new ExponentialPairRule(APlus, AMinus, tauSteps: 2f);
        // Causal Δt = 2: 0.04·e^(−1); anti-causal Δt = −4: −0.03·e^(−2); Δt = 0: full a⁺.
        Assert.Equal(0.04 * Math.Exp(-1), rule.WeightChange(0.5f, 1f, 3f, true), 6);
        Assert.Equal(-0.03 * Math.Exp(-2), rule.WeightChange(0.5f, 7f, 3f, true), 6);
        Assert.Equal(0.04, rule.WeightChange(0.5f, 3f, 3f, true), 6);
    }

    [Fact]
    public void ExponentialPair_NeverFiredPre_IsDepressedByFullAMinus()
    {
        var rule = new ExponentialPairRule(APlus, AMinus, tauSteps: 2f);
        Assert.Equal(-AMinus, rule.WeightChange(0.5f, -1f, 3f, false));
        Assert.Equal(-AMinus, rule.WeightChange(0.5f, float.PositiveInfinity, 3f, false));
    }

    [Fact]
    public void ExponentialPair_RejectsNonPositiveTau()
    {
        Assert.Throws<InvalidInputException>(() => new ExponentialPairRule(APlus, AMinus, 0f));
    }

    [Fact]
    public void AdditiveLtpMultiplicativeLtd_PotentiatesAdditivelyAndDepressesProportionally()
    {
        var rule = new AdditiveLtpMultiplicativeLtdRule(APlus, AMinus);
        Assert.Equal(APlus, rule.WeightChange(0.7f, 0f, 1f, true));
        // −0.03 · 0.7 = −0.021.
        Assert.Equal(-0.021f, rule.WeightChange(0.7f, 2f, 1f, true), 6);
    }

    [Theory]
    [InlineData(LearningRuleKind.Multiplicative, typeof(MultiplicativeRule))]
    [InlineData(LearningRuleKind.Additive, typeof(AdditiveRule))]
    [InlineData(LearningRuleKind.ExponentialPair, typeof(ExponentialPairRule))]
    [InlineData(LearningRuleKind.AdditiveLtpMultiplicativeLtd, typeof(AdditiveLtpMultiplicativeLtdRule))]
    public void Create_BuildsTheNamedRule(LearningRuleKind kind, Type expected)
    {
        var rule = LearningRules.Create(new LearningSpec { Rule = kind });
        Assert.IsType(expected, rule);
        Assert.Equal(kind, rule.Kind);
    }

    [Fact]
    public void Create_RejectsNegativeRateWithTheSettingName()
    {
        var ex = Assert.Throws<InvalidInputException>(() => LearningRules.Create(new LearningSpec { LearningRateMinus = -0.1f }));
        Assert.Contains("learningRateMinus", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightBounds_RejectEmptyRange()
    {
        Assert.Throws<InvalidInputException>(() => new WeightBounds(1f, 0f));
    }

    [Fact]
    public void ScalarLoopRules_AccumulateIntoDelta()
    {
        var rule = new AdditiveRule(APlus, AMinus);
        float[] weights = [0.5f, 0.5f, 0.5f];
        float[] pre = [0f, -1f, float.PositiveInfinity];
        float[] delta = [1f, 1f, 1f];
        rule.AccumulateReceptiveField(weights, pre, 0f, delta);
        Assert.Equal([1f + APlus, 1f - AMinus, 1f - AMinus], delta);
    }
}
