using SpikeSeg.Streaming.Imaging;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Dashboard;

/// <summary>
/// Decodes a browser screenshot: 8-bit RGB or RGBA, not interlaced, any of the five PNG row filters (Chromium picks
/// them adaptively, unlike our own encoder). Alpha is dropped: the dashboard's canvas is opaque.
/// </summary>
internal static class ScreenshotPng
{
    public static RgbImage Decode(byte[] png)
    {
        var chunks = PngChunks.Read(png);
        Assert.Equal(8, chunks.BitDepth);
        Assert.Equal(0, chunks.Interlace);
        int width = chunks.Width, height = chunks.Height;
        int channels = chunks.ColourType switch { 2 => 3, 6 => 4, var t => throw new InvalidDataException($"colour type {t}") };
        byte[] rows = chunks.FilteredRows;
        int stride = width * channels;
        Assert.Equal(height * (stride + 1), rows.Length);
        var previous = new byte[stride];
        var current = new byte[stride];
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        {
            int filter = rows[y * (stride + 1)];
            Array.Copy(rows, (y * (stride + 1)) + 1, current, 0, stride);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? current[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(current[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                });
            }

            for (int x = 0; x < width; x++)
            {
                image.Set(x, y, new Rgb(current[x * channels], current[(x * channels) + 1], current[(x * channels) + 2]));
            }

            (previous, current) = (current, previous);
        }

        return image;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
