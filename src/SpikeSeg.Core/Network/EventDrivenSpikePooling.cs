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

    public EventDrivenSpikePooling(PoolGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        Geometry = geometry;
        active = new PositionSet(geometry.OutputLength);
        firstIndex = new int[geometry.OutputLength];
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

            // Windows whose rows [wy·s, wy·s + k) contain s.Y: ceil((Y − k + 1)/s) ≤ wy ≤ floor(Y/s).
            int yFirst = Math.Max(0, CeilDiv(s.Y - g.Kernel + 1, g.Stride));
            int yLast = Math.Min(g.OutHeight - 1, s.Y / g.Stride);
            int xFirst = Math.Max(0, CeilDiv(s.X - g.Kernel + 1, g.Stride));
            int xLast = Math.Min(g.OutWidth - 1, s.X / g.Stride);
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
            for (int w = runs.Start; w < runs.Start + runs.Length; w++)
            {
                int c = w / plane;
                int rest = w - (c * plane);
                int y = rest / g.OutWidth;
                pooled.Add(new PooledSpike(c, y, rest - (y * g.OutWidth), firstIndex[w]));
            }
        }
    }

    private static int CeilDiv(int numerator, int denominator) =>
        numerator <= 0 ? -((-numerator) / denominator) : ((numerator - 1) / denominator) + 1;
}
