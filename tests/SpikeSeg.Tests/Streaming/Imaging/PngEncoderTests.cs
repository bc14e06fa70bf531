using SpikeSeg.Streaming.Imaging;

namespace SpikeSeg.Tests.Streaming.Imaging;

public sealed class PngEncoderTests
{
    [Fact]
    public void CrcMatchesTheStandardCheckValue()
    {
        // CRC-32 of "123456789" is 0xCBF43926 (ISO-HDLC check value).
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32([], "123456789"u8));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(64, 48)]
    public void DecodesBackToTheSamePixels(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image.Set(x, y, new Rgb((byte)(x * 3), (byte)(y * 5), (byte)((x ^ y) * 7)));
            }
        }

        var decoded = SpikeSeg.Tests.Streaming.Reporting.PngFile.Decode(PngEncoder.Encode(image));
        Assert.Equal(width, decoded.Width);
        Assert.Equal(height, decoded.Height);
        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    [Fact]
    public void DrawsDigitsAndBoxesInsideTheImageOnly()
    {
        var image = new RgbImage(20, 10);
        image.DrawBox(-5, -5, 30, 30, Rgb.White); // clipped, must not throw
        image.DrawNumber(1, 1, 42, Rgb.Box);
        Assert.Equal(Rgb.Box, image.Get(1, 1)); // top-left of '4' is lit
        Assert.Equal(Rgb.Black, image.Get(2, 1)); // '4' has a gap in its top row middle
    }
}
