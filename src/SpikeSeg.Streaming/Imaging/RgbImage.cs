namespace SpikeSeg.Streaming.Imaging;

/// <summary>An 8-bit RGB raster with the few drawing operations the renders need (pixels, boxes, digits).</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major RGB triplets.</summary>
    public byte[] Pixels { get; }

    public void Fill(Rgb color)
    {
        for (int i = 0; i < Pixels.Length; i += 3)
        {
            Pixels[i] = color.R;
            Pixels[i + 1] = color.G;
            Pixels[i + 2] = color.B;
        }
    }

    public void Set(int x, int y, Rgb color)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            return;
        }

        int i = ((y * Width) + x) * 3;
        Pixels[i] = color.R;
        Pixels[i + 1] = color.G;
        Pixels[i + 2] = color.B;
    }

    public Rgb Get(int x, int y)
    {
        int i = ((y * Width) + x) * 3;
        return new Rgb(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    /// <summary>Mixes <paramref name="color"/> into the pixel with weight <paramref name="alpha"/> ∈ [0, 1].</summary>
    public void Blend(int x, int y, Rgb color, float alpha)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            return;
        }

        alpha = Math.Clamp(alpha, 0f, 1f);
        int i = ((y * Width) + x) * 3;
        Pixels[i] = (byte)((Pixels[i] * (1 - alpha)) + (color.R * alpha));
        Pixels[i + 1] = (byte)((Pixels[i + 1] * (1 - alpha)) + (color.G * alpha));
        Pixels[i + 2] = (byte)((Pixels[i + 2] * (1 - alpha)) + (color.B * alpha));
    }

    /// <summary>Outline of the inclusive box [x0, x1] × [y0, y1].</summary>
    public void DrawBox(int x0, int y0, int x1, int y1, Rgb color)
    {
        for (int x = x0; x <= x1; x++)
        {
            Set(x, y0, color);
            Set(x, y1, color);
        }

        for (int y = y0; y <= y1; y++)
        {
            Set(x0, y, color);
            Set(x1, y, color);
        }
    }

    public void FillRect(int x0, int y0, int x1, int y1, Rgb color)
    {
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                Set(x, y, color);
            }
        }
    }

    /// <summary>Draws a non-negative integer with a 3×5 pixel font, scaled by <paramref name="scale"/>.</summary>
    public void DrawNumber(int x, int y, long value, Rgb color, int scale = 1) =>
        DrawText(x, y, value.ToString(System.Globalization.CultureInfo.InvariantCulture), color, scale);

    /// <summary>Draws digits, '-' and '.' with the 3×5 font (other characters leave a gap); 4 px per character at scale 1.</summary>
    public void DrawText(int x, int y, string text, Rgb color, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (char c in text)
        {
            DrawGlyph(x, y, c, color, scale);
            x += 4 * scale;
        }
    }

    /// <summary>Width in pixels of <paramref name="text"/> as <see cref="DrawText"/> draws it.</summary>
    public static int TextWidth(string text, int scale = 1) => text is null || text.Length == 0 ? 0 : ((text.Length * 4) - 1) * scale;

    /// <summary>A one-pixel line from (x0, y0) to (x1, y1), both ends included (Bresenham).</summary>
    public void DrawLine(int x0, int y0, int x1, int y1, Rgb color)
    {
        int dx = Math.Abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        int dy = -Math.Abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        int err = dx + dy;
        while (true)
        {
            Set(x0, y0, color);
            if (x0 == x1 && y0 == y1)
            {
                return;
            }

            int e2 = 2 * err;
            if (e2 >= dy)
            {
                err += dy;
                x0 += sx;
            }

            if (e2 <= dx)
            {
                err += dx;
                y0 += sy;
            }
        }
    }

    /// <summary>Nearest-neighbour upscale by an integer factor (tiny sensors are unreadable at 1:1).</summary>
    public RgbImage Scale(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        var result = new RgbImage(Width * factor, Height * factor);
        for (int y = 0; y < result.Height; y++)
        {
            for (int x = 0; x < result.Width; x++)
            {
                result.Set(x, y, Get(x / factor, y / factor));
            }
        }

        return result;
    }

    private void DrawGlyph(int x, int y, char c, Rgb color, int scale)
    {
        ushort bits = DigitFont.Glyph(c);
        for (int row = 0; row < 5; row++)
        {
            for (int col = 0; col < 3; col++)
            {
                if ((bits >> (((4 - row) * 3) + (2 - col)) & 1) != 0)
                {
                    FillRect(x + (col * scale), y + (row * scale), x + (col * scale) + scale - 1, y + (row * scale) + scale - 1, color);
                }
            }
        }
    }
}

/// <summary>An 8-bit RGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static readonly Rgb Black = new(0, 0, 0);
    public static readonly Rgb White = new(255, 255, 255);
    public static readonly Rgb On = new(255, 200, 40);
    public static readonly Rgb Off = new(60, 140, 255);
    public static readonly Rgb Saliency = new(255, 40, 200);
    public static readonly Rgb Box = new(80, 255, 80);

    /// <summary>A distinct colour per track id (golden-angle hue walk).</summary>
    public static Rgb ForId(int id)
    {
        double h = (id * 137.508) % 360.0;
        return FromHsv(h, 0.75, 1.0);
    }

    /// <summary>Grey level for a value in [0, 1].</summary>
    public static Rgb Grey(double v)
    {
        byte b = (byte)Math.Clamp((int)Math.Round(v * 255.0), 0, 255);
        return new Rgb(b, b, b);
    }

    public static Rgb FromHsv(double h, double s, double v)
    {
        double c = v * s, x = c * (1 - Math.Abs((h / 60.0 % 2) - 1)), m = v - c;
        (double r, double g, double b) = h switch
        {
            < 60 => (c, x, 0.0),
            < 120 => (x, c, 0.0),
            < 180 => (0.0, c, x),
            < 240 => (0.0, x, c),
            < 300 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        return new Rgb((byte)((r + m) * 255), (byte)((g + m) * 255), (byte)((b + m) * 255));
    }
}
