using SpikeSeg.Core;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Filters;

namespace SpikeSeg.Tests.Streaming.Filters;

public sealed class FilterSpecsTests
{
    [Fact]
    public void EachSpecBuildsItsFilterInOrder_AndTheSensorFollowsCropAndResize()
    {
        var (chain, output) = FilterSpecs.Build(
            ["crop:10,20,100,80", "resize:50x40", "polarity:off", "refractory:500", "hot-pixels:200000", "background-activity:3000", "roi:0,0,25,20"],
            SensorGeometry.Davis240C);
        Assert.Equal(["roi", "resize", "polarity", "refractory", "hot-pixel", "background-activity", "roi"], chain.Filters.Select(f => f.Name));
        Assert.Equal(new SensorGeometry(50, 40), output);
        var crop = Assert.IsType<RegionOfInterestFilter>(chain.Filters[0]);
        Assert.True(crop.Rebase);
        Assert.Equal((10, 20, 100, 80), (crop.X0, crop.Y0, crop.Width, crop.Height));
        var resize = Assert.IsType<ResizeFilter>(chain.Filters[1]);
        Assert.Equal(new SensorGeometry(100, 80), resize.Source);
        Assert.False(Assert.IsType<RegionOfInterestFilter>(chain.Filters[6]).Rebase);
        Assert.Equal(200_000, Assert.IsType<HotPixelFilter>(chain.Filters[4]).LearnWindowUs);
    }

    [Fact]
    public void NoSpecs_IsAnEmptyChainOnTheInputSensor()
    {
        var (chain, output) = FilterSpecs.Build([], SensorGeometry.Gen4);
        Assert.Empty(chain.Filters);
        Assert.Equal(SensorGeometry.Gen4, output);
    }

    [Fact]
    public void TheChainRemovesWhatItsSpecSays()
    {
        var packet = new EventPacket(8);
        packet.Add(10, 1, 1, Polarity.On);
        packet.Add(20, 2, 2, Polarity.Off);
        packet.Add(30, 3, 3, Polarity.On);
        var (chain, _) = FilterSpecs.Build(["polarity:on"], SensorGeometry.Davis240C);
        chain.Apply(packet);
        Assert.Equal(2, packet.Count);
        Assert.Equal(1, chain.Removed);
    }

    [Theory]
    [InlineData("blur:3", "unknown filter 'blur:3'")]
    [InlineData("roi:1,2,3", "filter 'roi:1,2,3': expected roi:X,Y,W,H")]
    [InlineData("crop:1,2,-3,4", "filter 'crop:1,2,-3,4': expected crop:X,Y,W,H")]
    [InlineData("resize:128", "filter 'resize:128': expected resize:WxH")]
    [InlineData("polarity:up", "filter 'polarity:up': expected polarity:on or polarity:off")]
    [InlineData("refractory", "filter 'refractory': expected a whole number of microseconds")]
    [InlineData("background-activity:1.5ms", "filter 'background-activity:1.5ms': expected a whole number")]
    [InlineData("roi:0,0,0,10", "filter 'roi' setting 'size': must be positive")]
    public void ABadSpec_IsOneMessageNamingIt(string spec, string expected)
    {
        var ex = Assert.Throws<InvalidInputException>(() => FilterSpecs.Build([spec], SensorGeometry.Davis240C));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
