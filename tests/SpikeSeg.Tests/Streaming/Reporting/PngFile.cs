using System.Buffers.Binary;
using System.IO.Compression;
using SpikeSeg.Streaming.Imaging;

namespace SpikeSeg.Tests.Streaming.Reporting;

/// <summary>Reads back an 8-bit RGB PNG (chunk walk, inflate, filter 0) so tests can check figures by their pixels.</summary>
internal static class PngFile
{
    public static RgbImage Read(string path) => Decode(File.ReadAllBytes(path));

    /// <summary>An independent reader: chunk walk with CRC checks, inflate, unfilter (filter 0 only, as written).</summary>
    public static RgbImage Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int at = 8, width = 0, height = 0;
        using var idat = new MemoryStream();
        while (at < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)), SpikeSeg.Streaming.Imaging.PngEncoder.Crc32(png.AsSpan(at + 4, 4), data));
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
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * ((width * 3) + 1)]);
            Array.Copy(rows, (y * ((width * 3) + 1)) + 1, image.Pixels, y * width * 3, width * 3);
        }

        return image;
    }

    /// <summary>Number of distinct colours (a figure with one or two is blank, whatever its size).</summary>
    public static int DistinctColours(RgbImage image)
    {
        var set = new HashSet<int>();
        for (int i = 0; i < image.Pixels.Length; i += 3)
        {
            set.Add((image.Pixels[i] << 16) | (image.Pixels[i + 1] << 8) | image.Pixels[i + 2]);
        }

        return set.Count;
    }

    public static int Count(RgbImage image, Rgb colour)
    {
        int n = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                n += image.Get(x, y) == colour ? 1 : 0;
            }
        }

        return n;
    }
}
