using SpikeSeg.Streaming.Imaging;

namespace SpikeSeg.Tests.Streaming.Imaging;

public sealed class RgbImageDrawingTests
{
    [Theory]
    [InlineData(1, 1, 8, 5)]
    [InlineData(8, 5, 1, 1)]
    [InlineData(3, 0, 3, 9)]
    [InlineData(0, 4, 9, 4)]
    public void LinesIncludeBothEndsAndAreConnected(int x0, int y0, int x1, int y1)
    {
        var image = new RgbImage(10, 10);
        image.DrawLine(x0, y0, x1, y1, Rgb.White);
        Assert.Equal(Rgb.White, image.Get(x0, y0));
        Assert.Equal(Rgb.White, image.Get(x1, y1));
        int lit = 0;
        for (int y = 0; y < 10; y++)
        {
            for (int x = 0; x < 10; x++)
            {
                lit += image.Get(x, y) == Rgb.White ? 1 : 0;
            }
        }

        // A Bresenham line lights one pixel per step along its major axis.
        Assert.Equal(Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0)) + 1, lit);
    }

    [Fact]
    public void LinesLeavingTheImageAreClipped()
    {
        var image = new RgbImage(5, 5);
        image.DrawLine(-10, 2, 20, 2, Rgb.White);
        Assert.Equal(Rgb.White, image.Get(0, 2));
        Assert.Equal(Rgb.White, image.Get(4, 2));
    }

    [Fact]
    public void TextDrawsDecimalPointAndMinusAndReportsItsWidth()
    {
        var image = new RgbImage(20, 7);
        image.DrawText(0, 0, "-0.5", Rgb.White);
        Assert.Equal(Rgb.White, image.Get(0, 2)); // '-' is the middle row
        Assert.Equal(Rgb.Black, image.Get(0, 0));
        Assert.Equal(Rgb.White, image.Get(9, 4)); // '.' sits bottom centre of the third cell
        Assert.Equal(15, RgbImage.TextWidth("-0.5"));
        Assert.Equal(0, RgbImage.TextWidth(""));
    }
}
