using System.Buffers.Binary;
using System.IO.Compression;
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

        byte[] png = PngEncoder.Encode(image);
        var (w, h, pixels) = Decode(png);
        Assert.Equal(width, w);
        Assert.Equal(height, h);
        Assert.Equal(image.Pixels, pixels);
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

    /// <summary>An independent reader: chunk walk, CRC check, inflate, unfilter (filter 0 only).</summary>
    private static (int Width, int Height, byte[] Pixels) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int at = 8, width = 0, height = 0;
        using var idat = new MemoryStream();
        while (at < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(crc, PngEncoder.Crc32(png.AsSpan(at + 4, 4), data));
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                Assert.Equal(2, data[9]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        byte[] rows = raw.ToArray();
        Assert.Equal(height * ((width * 3) + 1), rows.Length);
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * ((width * 3) + 1)]);
            Array.Copy(rows, (y * ((width * 3) + 1)) + 1, pixels, y * width * 3, width * 3);
        }

        return (width, height, pixels);
    }
}
