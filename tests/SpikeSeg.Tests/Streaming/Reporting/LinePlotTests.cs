using SpikeSeg.Streaming.Imaging;
using SpikeSeg.Streaming.Reporting;

namespace SpikeSeg.Tests.Streaming.Reporting;

public sealed class LinePlotTests
{
    private static readonly Rgb Red = new(250, 10, 10);
    private static readonly Rgb Green = new(10, 250, 10);

    [Fact]
    public void RisingSeriesIsDrawnFromBottomLeftToTopRight()
    {
        var rising = new PlotSeries("rising", Red, [(0, 0), (10, 10)]);
        var image = LinePlot.Render([rising], 400, 300);
        Assert.Equal(400, image.Width);
        Assert.Equal(300, image.Height);
        var (left, right) = ExtremeColumns(image, Red, rowsBelow: 30);
        Assert.True(right.X > left.X + 200, $"line spans {left.X}..{right.X}");
        Assert.True(right.Y < left.Y - 150, "the right end is higher than the left");
    }

    [Fact]
    public void EachSeriesKeepsItsColourAndGapsAreNotBridged()
    {
        var a = new PlotSeries("a", Red, [(0, 1), (1, 2), (2, double.NaN), (3, 2), (4, 1)]);
        var b = new PlotSeries("b", Green, [(0, 0), (4, 0)]);
        var image = LinePlot.Render([a, b], 400, 300);
        Assert.True(PngFile.Count(image, Green) > 100);

        // Between x = 1 and x = 3 (the NaN at x = 2) the red curve has no pixel in the plotting area.
        int x1 = Column(image, 1), x3 = Column(image, 3);
        for (int x = x1 + 2; x < x3 - 1; x++)
        {
            for (int y = 30; y < image.Height - 30; y++)
            {
                Assert.NotEqual(Red, image.Get(x, y));
            }
        }
    }

    [Fact]
    public void EmptyAndConstantSeriesStillGiveAFigure()
    {
        var image = LinePlot.Render([new PlotSeries("flat", Red, [(0, 5), (1, 5)]), new PlotSeries("none", Green, [])]);
        Assert.True(PngFile.Count(image, Red) > 100);
        Assert.True(PngFile.DistinctColours(image) > 3);
    }

    /// <summary>Pixel column of x in a plot whose x range is 0..4 (the plot's own mapping, found from the red curve's ends).</summary>
    private static int Column(RgbImage image, double x)
    {
        var (left, right) = ExtremeColumns(image, Red, rowsBelow: 30);
        return left.X + (int)Math.Round(x / 4 * (right.X - left.X));
    }

    private static ((int X, int Y) Left, (int X, int Y) Right) ExtremeColumns(RgbImage image, Rgb colour, int rowsBelow)
    {
        (int X, int Y) left = (int.MaxValue, 0), right = (int.MinValue, 0);
        for (int y = rowsBelow; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                if (image.Get(x, y) == colour)
                {
                    if (x < left.X)
                    {
                        left = (x, y);
                    }

                    if (x > right.X)
                    {
                        right = (x, y);
                    }
                }
            }
        }

        return (left, right);
    }
}
