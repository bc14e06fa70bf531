namespace SpikeSeg.Core.Decoding;

/// <summary>
/// An HWC accumulator that remembers which pixels a scatter touched, so reading and clearing it costs the
/// touched area only — what lets HULK unravel one spike without sweeping whole maps.
/// </summary>
public sealed class TouchedAccumulator
{
    private float[] _values = [];
    private int[] _stamp = [];
    private int[] _touched = [];
    private int _touchedCount;
    private int _generation;

    public int Height { get; private set; }

    public int Width { get; private set; }

    public int Channels { get; private set; }

    /// <summary>HWC values; zero everywhere but <see cref="TouchedPixels"/>.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Flat pixel indices (y·Width + x) touched since <see cref="Begin"/>, in first-touch order.</summary>
    public ReadOnlySpan<int> TouchedPixels => _touched.AsSpan(0, _touchedCount);

    /// <summary>Zeroes what the previous use touched and prepares an <paramref name="height"/>×<paramref name="width"/>×<paramref name="channels"/> map.</summary>
    public void Begin(int height, int width, int channels)
    {
        int pixels = height * width;
        if (height != Height || width != Width || channels != Channels)
        {
            _values = new float[pixels * channels];
            _stamp = new int[pixels];
            _touched = new int[pixels];
            _generation = 0;
            Height = height;
            Width = width;
            Channels = channels;
        }
        else
        {
            foreach (int pixel in TouchedPixels)
            {
                _values.AsSpan(pixel * channels, channels).Clear();
            }
        }

        _touchedCount = 0;
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamp);
            _generation = 1;
        }
    }

    /// <summary>Adds one source cell's transposed-convolution footprint and marks its pixels.</summary>
    public void Scatter(TransposedKernel kernel, ActiveCell cell, bool vectorized = true)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        int p = kernel.Padding;
        int y0 = Math.Max(0, cell.Y - p);
        int y1 = Math.Min(Height - 1, cell.Y + p);
        int x0 = Math.Max(0, cell.X - p);
        int x1 = Math.Min(Width - 1, cell.X + p);
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                int pixel = (y * Width) + x;
                if (_stamp[pixel] != _generation)
                {
                    _stamp[pixel] = _generation;
                    _touched[_touchedCount++] = pixel;
                }
            }
        }

        TransposedConvolution.ScatterCell(_values, Height, Width, kernel, cell, vectorized);
    }
}
