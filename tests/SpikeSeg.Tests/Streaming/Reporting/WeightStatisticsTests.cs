using SpikeSeg.Streaming.Reporting;

namespace SpikeSeg.Tests.Streaming.Reporting;

public sealed class WeightStatisticsTests
{
    [Fact]
    public void CountsWeightsSettledAtEachBound()
    {
        var s = WeightStatistics.Of([0f, 0.04f, 0.5f, 0.97f, 1f]);
        Assert.Equal(5, s.Count);
        Assert.Equal(0, s.Min);
        Assert.Equal(1, s.Max);
        Assert.Equal(2.51 / 5, s.Mean, 6);
        Assert.Equal(0.4, s.FractionNearZero, 12);
        Assert.Equal(0.4, s.FractionNearOne, 12);
    }

    [Fact]
    public void EmptyTensorHasNoRange()
    {
        var s = WeightStatistics.Of([]);
        Assert.Equal(0, s.Count);
        Assert.True(double.IsNaN(s.Mean));
    }
}
