namespace SpikeSeg.Core.Network;

/// <summary>Expands a step's sparse pooled spikes into the reference's dense outputs.</summary>
public static class PoolIndexMap
{
    /// <summary>Every window's index (CHW): listed windows their first spike, the rest their top-left input.</summary>
    public static void ToDenseIndices(PoolGeometry g, ReadOnlySpan<PooledSpike> pooled, Span<int> indicesChw)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (indicesChw.Length != g.OutputLength)
        {
            throw new ArgumentException($"expected {g.OutputLength} indices, got {indicesChw.Length}.", nameof(indicesChw));
        }

        int o = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            for (int y = 0; y < g.OutHeight; y++)
            {
                for (int x = 0; x < g.OutWidth; x++, o++)
                {
                    indicesChw[o] = g.TopLeftIndex(y, x);
                }
            }
        }

        foreach (var p in pooled)
        {
            indicesChw[(((p.Channel * g.OutHeight) + p.Y) * g.OutWidth) + p.X] = p.SourceIndex;
        }
    }

    /// <summary>The index of window (channel, y, x) given the step's sparse pooled spikes, which are in canonical order.</summary>
    public static int IndexOf(PoolGeometry g, ReadOnlySpan<PooledSpike> pooled, int channel, int y, int x)
    {
        ArgumentNullException.ThrowIfNull(g);
        int lo = 0, hi = pooled.Length - 1;
        long key = (((long)channel * g.OutHeight) + y) * g.OutWidth + x;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var p = pooled[mid];
            long k = ((((long)p.Channel * g.OutHeight) + p.Y) * g.OutWidth) + p.X;
            if (k == key)
            {
                return p.SourceIndex;
            }

            if (k < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return g.TopLeftIndex(y, x);
    }
}
