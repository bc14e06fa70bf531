using SpikeSeg.Streaming.Imaging;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Streaming.Reporting;

/// <summary>Reads back an 8-bit RGB PNG (chunk walk, inflate, filter 0) so tests can check figures by their pixels.</summary>
internal static class PngFile
{
    public static RgbImage Read(string path) => Decode(File.ReadAllBytes(path));

    /// <summary>An independent reader: chunk walk with CRC checks, inflate, unfilter (filter 0 only, as written).</summary>
    public static RgbImage Decode(byte[] png)
    {
        var chunks = PngChunks.Read(png);
        Assert.Equal(8, chunks.BitDepth);
        Assert.Equal(2, chunks.ColourType);
        int width = chunks.Width, height = chunks.Height;
        byte[] rows = chunks.FilteredRows;
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
