using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Tests.Core.Learning;

public sealed class ConvergenceTests
{
    [Fact]
    public void Metric_IsZeroForBinaryWeights_AndAQuarterForHalves()
    {
        Prop.ForAll(Gen.Choose(0, 300).ToArbitrary(), length =>
        {
            var random = new DeterministicRandom((ulong)length);
            var binary = Enumerable.Range(0, length).Select(_ => (float)random.NextInt(2)).ToArray();
            var halves = Enumerable.Repeat(0.5f, length).ToArray();
            return ConvergenceMetric.Compute(binary) == 0.0
                && (length == 0 || ConvergenceMetric.Compute(halves) == 0.25);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public void Metric_HandComputed()
    {
        // (0.1·0.9 + 0.3·0.7 + 1·0) / 3 = 0.1
        Assert.Equal(0.1, ConvergenceMetric.Compute([0.1f, 0.3f, 1f]), 6);
        Assert.True(ConvergenceMetric.HasConverged([0f, 1f, 0.001f], 0.01f));
        Assert.False(ConvergenceMetric.HasConverged([0.5f], 0.01f));
    }

    [Fact]
    public void VectorMetric_MatchesScalar_ForEveryLength0To256()
    {
        var random = new DeterministicRandom(3);
        for (int length = 0; length <= 256; length++)
        {
            var weights = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray();
            double scalar = ConvergenceMetric.ComputeScalar(weights);
            double vector = ConvergenceMetric.Compute(weights);
            Assert.True(Math.Abs(scalar - vector) <= 1e-12, $"length {length}: scalar {scalar}, vector {vector}");
        }
    }

    private static readonly ConvergenceSpec Spec = new() { MinWinsPerFeature = 2, TargetRatio = 0.5f, Patience = 2, MaxEpochs = 5 };

    [Fact]
    public void StopRule_ConvergesWhenTheRatioReachesTheTarget()
    {
        var rule = new WinCountStopRule(Spec);
        Assert.Equal(StopDecision.Continue, rule.EndEpoch([2, 0, 0, 0]));
        Assert.Equal(StopDecision.Converged, rule.EndEpoch([2, 5, 1, 0]));
        Assert.True(rule.HasConverged);
        Assert.Equal(0.5, rule.BestRatio);
    }

    [Fact]
    public void StopRule_ExhaustsPatienceWithoutStrictImprovement()
    {
        var rule = new WinCountStopRule(Spec);
        Assert.Equal(StopDecision.Continue, rule.EndEpoch([0, 0, 0, 0]));
        Assert.True(rule.LastEpochImproved);
        Assert.Equal(StopDecision.Continue, rule.EndEpoch([1, 1, 1, 1]));
        Assert.False(rule.LastEpochImproved);
        Assert.Equal(StopDecision.PatienceExhausted, rule.EndEpoch([1, 1, 1, 1]));
        Assert.False(rule.HasConverged);
    }

    [Fact]
    public void StopRule_StopsAtMaxEpochs()
    {
        var rule = new WinCountStopRule(Spec with { Patience = 10, MaxEpochs = 3, TargetRatio = 1f });
        Assert.Equal(StopDecision.Continue, rule.EndEpoch([0, 0, 0, 0]));
        Assert.Equal(StopDecision.Continue, rule.EndEpoch([2, 0, 0, 0]));
        Assert.Equal(StopDecision.MaxEpochs, rule.EndEpoch([2, 3, 0, 0]));
        Assert.Equal(3, rule.EpochsCompleted);
    }

    [Fact]
    public void StopRule_RejectsZeroPatience()
    {
        Assert.Throws<InvalidInputException>(() => new WinCountStopRule(Spec with { Patience = 0 }));
    }

    [Fact]
    public void WinCounts_AccumulateAndIgnoreUnknownFeatures()
    {
        var wins = new WinCounts(3);
        wins.Record([new WtaWinner(0, 0, 0), new WtaWinner(2, 1, 1), new WtaWinner(7, 0, 0)]);
        wins.Record([new WtaWinner(0, 3, 3)]);
        Assert.Equal([2, 0, 1], wins.Wins.ToArray());
        Assert.Equal(1.0 / 3.0, wins.RatioWithAtLeast(2), 12);
    }
}
