namespace SpikeSeg.Core.Network;

/// <summary>
/// Pooling that visits only the windows reached by a spike; every other window is 0 with its top-left index,
/// which is what <see cref="PoolIndexMap"/> reports for windows that are not listed. The reached windows are kept
/// in a bitmap, whose runs list them in canonical order without a sort.
/// </summary>
public sealed class EventDrivenSpikePooling : ISpikePool
{
    private readonly PositionSet active;
    private readonly int[] firstIndex;

    // Per input row (column): the first and last window row (column) containing it, so a spike costs no division
    // (a stride known only at run time makes each one a hardware divide, several per spike).
    private readonly int[] firstWindowRow;
    private readonly int[] lastWindowRow;
    private readonly int[] firstWindowColumn;
    private readonly int[] lastWindowColumn;

    public EventDrivenSpikePooling(PoolGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        Geometry = geometry;
        active = new PositionSet(geometry.OutputLength);
        firstIndex = new int[geometry.OutputLength];
        (firstWindowRow, lastWindowRow) = WindowRanges(geometry.InHeight, geometry.OutHeight, geometry.Kernel, geometry.Stride);
        (firstWindowColumn, lastWindowColumn) = WindowRanges(geometry.InWidth, geometry.OutWidth, geometry.Kernel, geometry.Stride);
    }

    public PoolGeometry Geometry { get; }

    public void Pool(ReadOnlySpan<LayerSpike> spikes, List<PooledSpike> pooled)
    {
        ArgumentNullException.ThrowIfNull(pooled);
        var g = Geometry;
        // Cleared here rather than after the last call, so a call that threw on a bad spike leaves nothing behind.
        active.Clear();
        foreach (var s in spikes)
        {
            if ((uint)s.Channel >= (uint)g.Channels || (uint)s.Y >= (uint)g.InHeight || (uint)s.X >= (uint)g.InWidth)
            {
                throw new ArgumentOutOfRangeException(nameof(spikes), $"spike ({s.Channel}, {s.Y}, {s.X}) lies outside the pooled map.");
            }

            int yFirst = firstWindowRow[s.Y];
            int yLast = lastWindowRow[s.Y];
            int xFirst = firstWindowColumn[s.X];
            int xLast = lastWindowColumn[s.X];
            int flat = (s.Y * g.InWidth) + s.X;
            for (int wy = yFirst; wy <= yLast; wy++)
            {
                for (int wx = xFirst; wx <= xLast; wx++)
                {
                    int w = (((s.Channel * g.OutHeight) + wy) * g.OutWidth) + wx;
                    if (!active.Contains(w))
                    {
                        firstIndex[w] = flat;
                        active.Add(w);
                    }
                    else if (flat < firstIndex[w])
                    {
                        // Row-major window order is increasing flat index, so the first spike is the smallest.
                        firstIndex[w] = flat;
                    }
                }
            }
        }

        pooled.Clear();
        int plane = g.OutHeight * g.OutWidth;
        var runs = active.Runs();
        while (runs.MoveNext())
        {
            // One division per run; along the run the window moves right, wrapping to the next row and map.
            int c = Math.DivRem(runs.Start, plane, out int rest);
            int y = Math.DivRem(rest, g.OutWidth, out int x);
            for (int w = runs.Start; w < runs.Start + runs.Length; w++)
            {
                pooled.Add(new PooledSpike(c, y, x, firstIndex[w]));
                if (++x == g.OutWidth)
                {
                    x = 0;
                    if (++y == g.OutHeight)
                    {
                        y = 0;
                        c++;
                    }
                }
            }
        }
    }

    /// <summary>
    /// For each input coordinate i, the windows whose span [w·s, w·s + k) contains it: ceil((i − k + 1)/s) ≤ w ≤
    /// floor(i/s), clipped to the output (an input past the last window's span gets an empty range).
    /// </summary>
    private static (int[] First, int[] Last) WindowRanges(int inputSize, int outputSize, int kernel, int stride)
    {
        var first = new int[inputSize];
        var last = new int[inputSize];
        for (int i = 0; i < inputSize; i++)
        {
            first[i] = Math.Max(0, CeilDiv(i - kernel + 1, stride));
            last[i] = Math.Min(outputSize - 1, i / stride);
        }

        return (first, last);
    }

    private static int CeilDiv(int numerator, int denominator) =>
        numerator <= 0 ? -((-numerator) / denominator) : ((numerator - 1) / denominator) + 1;
}
