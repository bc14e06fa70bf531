namespace SpikeSeg.Core.Network;

/// <summary>Builds, checks and orders the sparse active input cells of a step.</summary>
public static class InputCells
{
    /// <summary>The nonzero cells of a dense CHW frame, in canonical (channel, row, column) order.</summary>
    public static void FromDense(ReadOnlySpan<float> frameChw, int channels, int height, int width, List<InputCell> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if ((long)channels * height * width != frameChw.Length)
        {
            throw new InvalidInputException($"input frame: {frameChw.Length} values do not make {channels}×{height}×{width}.");
        }

        into.Clear();
        int i = 0;
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++, i++)
                {
                    if (frameChw[i] != 0f)
                    {
                        into.Add(new InputCell(c, y, x, frameChw[i]));
                    }
                }
            }
        }
    }

    /// <summary>
    /// Checks every cell (inside the input, finite value) and whether the cells are already in strictly ascending
    /// canonical order — the usual case (the binner and every layer emit it), which then needs no copy.
    /// </summary>
    public static bool CheckAndTestCanonical(ReadOnlySpan<InputCell> cells, int channels, int height, int width)
    {
        bool ordered = true;
        long previous = -1;
        foreach (var cell in cells)
        {
            Check(cell, channels, height, width);
            long key = Key(cell, height, width);
            ordered &= key > previous;
            previous = key;
        }

        return ordered;
    }

    /// <summary>
    /// Copies <paramref name="cells"/> into <paramref name="sorted"/> in canonical (channel, row, column) order and
    /// rejects cells outside the map, non-finite values and duplicates (their summation order would be undefined).
    /// </summary>
    public static void Canonicalize(ReadOnlySpan<InputCell> cells, int channels, int height, int width, List<InputCell> sorted) =>
        Canonicalize(cells, channels, new CanonicalCellOrder(height, width), sorted);

    /// <summary>As above with a comparer the caller keeps, so that sorting does not allocate.</summary>
    public static void Canonicalize(ReadOnlySpan<InputCell> cells, int channels, CanonicalCellOrder order, List<InputCell> sorted)
    {
        ArgumentNullException.ThrowIfNull(order);
        int height = order.Height, width = order.Width;
        ArgumentNullException.ThrowIfNull(sorted);
        bool ordered = CheckAndTestCanonical(cells, channels, height, width);
        sorted.Clear();
        sorted.AddRange(cells);

        if (ordered)
        {
            return;
        }

        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sorted);
        if (order.TrySplitByChannel(span, channels))
        {
            return;
        }

        order.Sort(span);
        for (int i = 1; i < span.Length; i++)
        {
            if (Key(span[i], height, width) == Key(span[i - 1], height, width))
            {
                throw new InvalidInputException($"input cell (channel {span[i].Channel}, y {span[i].Y}, x {span[i].X}) is listed twice in one step.");
            }
        }
    }

    /// <summary>Scatters cells into a dense CHW frame (zeros elsewhere).</summary>
    public static void ToDense(ReadOnlySpan<InputCell> cells, int height, int width, Span<float> frameChw)
    {
        frameChw.Clear();
        foreach (var cell in cells)
        {
            frameChw[(((cell.Channel * height) + cell.Y) * width) + cell.X] = cell.Value;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Check(in InputCell cell, int channels, int height, int width)
    {
        if ((uint)cell.Channel >= (uint)channels || (uint)cell.Y >= (uint)height || (uint)cell.X >= (uint)width || !float.IsFinite(cell.Value))
        {
            ThrowBadCell(cell, channels, height, width);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowBadCell(InputCell cell, int channels, int height, int width) =>
        throw new InvalidInputException(float.IsFinite(cell.Value)
            ? $"input cell (channel {cell.Channel}, y {cell.Y}, x {cell.X}) lies outside the {channels}×{height}×{width} input."
            : $"input cell (channel {cell.Channel}, y {cell.Y}, x {cell.X}) has the non-finite value {cell.Value}.");

    internal static long Key(in InputCell cell, int height, int width) => ((((long)cell.Channel * height) + cell.Y) * width) + cell.X;
}

/// <summary>
/// Sorts input cells of a map of the given size into (channel, row, column) order. Sorting by precomputed keys in a
/// reused buffer avoids the comparer delegate a comparison sort would allocate on every call.
/// </summary>
public sealed class CanonicalCellOrder(int height, int width)
{
    private long[] keys = [];
    private InputCell[] scratch = [];
    private int[] channelStart = [];

    public int Height { get; } = height;

    public int Width { get; } = width;

    public void Sort(Span<InputCell> cells)
    {
        if (keys.Length < cells.Length)
        {
            keys = new long[Math.Max(cells.Length, keys.Length * 2)];
        }

        var k = keys.AsSpan(0, cells.Length);
        for (int i = 0; i < cells.Length; i++)
        {
            k[i] = InputCells.Key(cells[i], Height, Width);
        }

        k.Sort(cells);
    }

    /// <summary>
    /// The step binner lists cells in (row, column, channel) order. A stable split by channel turns that into
    /// (channel, row, column) order in linear time. Returns false, leaving <paramref name="cells"/> untouched, when
    /// the split is not strictly increasing (other orders, duplicates): the caller then sorts.
    /// </summary>
    public bool TrySplitByChannel(Span<InputCell> cells, int channels)
    {
        if (channels < 1 || channels > 64)
        {
            return false;
        }

        if (scratch.Length < cells.Length)
        {
            scratch = new InputCell[Math.Max(cells.Length, scratch.Length * 2)];
        }

        if (channelStart.Length < channels + 1)
        {
            channelStart = new int[channels + 1];
        }

        var start = channelStart.AsSpan(0, channels + 1);
        start.Clear();
        foreach (var cell in cells)
        {
            start[cell.Channel + 1]++;
        }

        for (int c = 1; c <= channels; c++)
        {
            start[c] += start[c - 1];
        }

        var split = scratch.AsSpan(0, cells.Length);
        foreach (var cell in cells)
        {
            split[start[cell.Channel]++] = cell;
        }

        long previous = -1;
        foreach (var cell in split)
        {
            long key = InputCells.Key(cell, Height, Width);
            if (key <= previous)
            {
                return false;
            }

            previous = key;
        }

        split.CopyTo(cells);
        return true;
    }
}
