using SpikeSeg.Streaming.Reporting;

namespace SpikeSeg.Tests.Streaming.Reporting;

public sealed class AxisTicksTests
{
    [Theory]
    [InlineData(0, 60, 10)]
    [InlineData(0, 0.25, 0.05)]
    [InlineData(2, 10, 2)]
    [InlineData(0, 7, 1)]
    [InlineData(-3, 3, 1)]
    public void SpacingIsOneTwoOrFiveTimesAPowerOfTen(double min, double max, double expected)
    {
        Assert.Equal(expected, AxisTicks.Spacing(min, max), 12);
    }

    [Fact]
    public void TicksStayInsideTheRangeAndLandOnMultiplesOfTheSpacing()
    {
        var ticks = AxisTicks.Values(0.13, 0.92, 0.2);
        Assert.Equal(new[] { 0.2, 0.4, 0.6, 0.8 }, ticks.Select(t => Math.Round(t, 9)));
    }

    [Fact]
    public void LabelsCarryTheDecimalsTheSpacingNeeds()
    {
        Assert.Equal("20", AxisTicks.Label(20, 10));
        Assert.Equal("0.15", AxisTicks.Label(0.15, 0.05));
        Assert.Equal("-0.5", AxisTicks.Label(-0.5, 0.5));
    }

    [Fact]
    public void DegenerateRangesWidenSoThatAPlotCanBeDrawn()
    {
        var (lo, hi) = AxisTicks.Padded(2, 2);
        Assert.True(lo < 2 && hi > 2);
        Assert.Equal((0.0, 1.0), AxisTicks.Padded(double.NaN, 3));
        Assert.Equal((-1.0, 1.0), AxisTicks.Padded(0, 0));
    }
}
