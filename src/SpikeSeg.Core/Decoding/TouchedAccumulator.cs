using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeSeg.Core.Decoding;

/// <summary>
/// An HWC accumulator that remembers which pixels a scatter touched, so reading and clearing it costs the
/// touched area only — what lets HULK unravel one spike without sweeping whole maps. Touched pixels are kept as
/// a row bitmap (<see cref="TouchedRows"/>): one word operation per kernel row instead of a test per pixel.
/// </summary>
public sealed class TouchedAccumulator
{
    private readonly TouchedRows _rows = new();
    private readonly bool _firstTouchOrder;
    private float[] _values = [];
    private int[] _touched = [];
    private int _touchedCount;

    /// <summary>An accumulator; without <paramref name="firstTouchOrder"/> it keeps only the touched set (<see cref="Rows"/>), and <see cref="TouchedPixels"/> stays empty.</summary>
    public TouchedAccumulator(bool firstTouchOrder = true) => _firstTouchOrder = firstTouchOrder;

    public int Height { get; private set; }

    public int Width { get; private set; }

    public int Channels { get; private set; }

    /// <summary>HWC values; zero everywhere but <see cref="TouchedPixels"/>.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Flat pixel indices (y·Width + x) touched since <see cref="Begin"/>, in first-touch order.</summary>
    public ReadOnlySpan<int> TouchedPixels => _touched.AsSpan(0, _touchedCount);

    /// <summary>The touched pixels as rows of bits (ascending enumeration, bounds).</summary>
    public TouchedRows Rows => _rows;

    /// <summary>Zeroes what the previous use touched and prepares an <paramref name="height"/>×<paramref name="width"/>×<paramref name="channels"/> map.</summary>
    public void Begin(int height, int width, int channels)
    {
        if (height != Height || width != Width || channels != Channels)
        {
            _values = new float[height * width * channels];
            _touched = new int[height * width];
            Height = height;
            Width = width;
            Channels = channels;
        }
        else if (_rows.LastRow >= _rows.FirstRow)
        {
            // The touched pixels lie inside their bounding box; its untouched pixels are zero already.
            int run = (_rows.LastColumn - _rows.FirstColumn + 1) * channels;
            for (int y = _rows.FirstRow; y <= _rows.LastRow; y++)
            {
                _values.AsSpan(((y * width) + _rows.FirstColumn) * channels, run).Clear();
            }
        }

        _rows.Reset(height, width);
        _touchedCount = 0;
    }

    /// <summary>Adds one source cell's transposed-convolution footprint and marks its pixels.</summary>
    public void Scatter(TransposedKernel kernel, ActiveCell cell, bool vectorized = true)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (!vectorized)
        {
            // The reference: per-row spans through the scalar ScaledAdd.
            MarkFootprint(kernel, cell.Y, cell.X);
            TransposedConvolution.ScatterCell(_values, Height, Width, kernel, cell, vectorized: false);
            return;
        }

        ScatterUnchecked(kernel, cell.Channel, cell.Y, cell.X, cell.Value);
    }

    /// <summary>
    /// <see cref="Scatter"/> for a cell already known to lie in the source map (channel below the kernel's source
    /// channels; y, x inside this map's shape): the footprint is clipped here, so every row run stays in bounds.
    /// </summary>
    internal void ScatterUnchecked(TransposedKernel kernel, int channel, int cellY, int cellX, float value) =>
        Footprint(kernel, channel, cellY, cellX, value, add: true);

    /// <summary>
    /// Marks the pixels <see cref="ScatterUnchecked"/> would touch, in the same first-touch order, without adding
    /// anything: for a caller that knows every touched value's outcome without the sums.
    /// </summary>
    internal void MarkUnchecked(TransposedKernel kernel, int channel, int cellY, int cellX) =>
        Footprint(kernel, channel, cellY, cellX, 0f, add: false);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Footprint(TransposedKernel kernel, int channel, int cellY, int cellX, float value, bool add)
    {
        if ((uint)channel >= (uint)kernel.SourceChannels || kernel.TargetChannels != Channels)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), $"touched accumulator: kernel [{kernel.SourceChannels} → {kernel.TargetChannels}] does not fit channel {channel} into {Channels} channels.");
        }

        int k = kernel.KernelSize;
        int p = kernel.Padding;
        int targets = Channels;

        // Same clipping as TransposedConvolution.ScatterCell: Y = y − p + a and X = x − p + b inside the map.
        int a0 = Math.Max(0, p - cellY);
        int a1 = Math.Min(k - 1, Height - 1 - cellY + p);
        int b0 = Math.Max(0, p - cellX);
        int b1 = Math.Min(k - 1, Width - 1 - cellX + p);
        if (a0 > a1 || b0 > b1)
        {
            return;
        }

        int runLength = b1 - b0 + 1;
        int x0 = cellX - p + b0;
        int rowCount = a1 - a0 + 1;
        if (_firstTouchOrder)
        {
            _rows.MarkBlock(cellY - p + a0, rowCount, x0, runLength, _touched, ref _touchedCount);
        }
        else
        {
            _rows.MarkBlock(cellY - p + a0, rowCount, x0, runLength);
        }

        if (!add)
        {
            return;
        }

        // Whole footprint rows: HWC rows are Width·Channels floats apart, kernel rows K·Channels.
        ref float destination = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_values), (((cellY - p + a0) * Width) + x0) * targets);
        ref float source = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(kernel.Values), ((((channel * k) + a0) * k) + b0) * targets);
        if (runLength == 5 && value == 1f && Vector128.IsHardwareAccelerated)
        {
            if (targets == 2)
            {
                PixelRunAdd.RowsOfFivePairs(ref destination, Width * targets, ref source, k * targets, rowCount);
                return;
            }

            if (targets == 4)
            {
                PixelRunAdd.RowsOfFiveQuads(ref destination, Width * targets, ref source, k * targets, rowCount);
                return;
            }
        }

        PixelRunAdd.Rows(ref destination, Width * targets, ref source, k * targets, rowCount, runLength, targets, value);
    }

    private void MarkFootprint(TransposedKernel kernel, int cellY, int cellX)
    {
        int p = kernel.Padding;
        int y0 = Math.Max(0, cellY - p);
        int y1 = Math.Min(Height - 1, cellY + p);
        int x0 = Math.Max(0, cellX - p);
        int x1 = Math.Min(Width - 1, cellX + p);
        for (int y = y0; y <= y1 && x0 <= x1; y++)
        {
            if (_firstTouchOrder)
            {
                _rows.MarkRun(y, x0, x1 - x0 + 1, _touched, ref _touchedCount);
            }
            else
            {
                _rows.MarkBlock(y, 1, x0, x1 - x0 + 1);
            }
        }
    }
}
