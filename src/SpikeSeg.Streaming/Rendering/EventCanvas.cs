using SpikeSeg.Streaming.Imaging;

namespace SpikeSeg.Streaming.Rendering;

/// <summary>
/// A fading picture of recent events in network-input pixels: each step multiplies the intensity by
/// <paramref name="decayPerStep"/> and adds the step's cells, so a moving object leaves a short trail.
/// </summary>
public sealed class EventCanvas(int width, int height, float decayPerStep = 0.85f)
{
    private readonly float[] _on = new float[width * height];
    private readonly float[] _off = new float[width * height];

    public int Width => width;

    public int Height => height;

    public void Step(IReadOnlyList<(ushort Y, ushort X, byte Channel)> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        for (int i = 0; i < _on.Length; i++)
        {
            _on[i] *= decayPerStep;
            _off[i] *= decayPerStep;
        }

        foreach (var (y, x, channel) in cells)
        {
            int i = (y * width) + x;
            if (channel == 0)
            {
                _on[i] = 1f;
            }
            else
            {
                _off[i] = 1f;
            }
        }
    }

    /// <summary>ON events warm, OFF events cold, on black.</summary>
    public RgbImage ToImage()
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width) + x;
                float on = _on[i], off = _off[i];
                if (on > 0.02f || off > 0.02f)
                {
                    image.Set(x, y, new Rgb(
                        (byte)Math.Min(255, (Rgb.On.R * on) + (Rgb.Off.R * off)),
                        (byte)Math.Min(255, (Rgb.On.G * on) + (Rgb.Off.G * off)),
                        (byte)Math.Min(255, (Rgb.On.B * on) + (Rgb.Off.B * off))));
                }
            }
        }

        return image;
    }
}
