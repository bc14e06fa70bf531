using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Filters;

/// <summary>
/// One filter's decision per event, called from <see cref="PacketCompaction.KeepWhere{TRule}"/>'s loop. Filters
/// implement it as a struct, so the call is specialised and inlined into that loop (no call per event).
/// </summary>
internal interface IEventRule
{
    /// <summary>Whether to keep the event; a rule may rewrite its coordinates (a crop rebases them).</summary>
    bool Keep(long timestampUs, ref ushort x, ref ushort y, byte polarity);
}

/// <summary>The in-place compaction every removing filter shares: kept events move down in order, the rest go.</summary>
internal static class PacketCompaction
{
    /// <summary>Keeps the events <paramref name="rule"/> accepts, in order, and returns how many were removed.</summary>
    public static int KeepWhere<TRule>(EventPacket packet, ref TRule rule)
        where TRule : struct, IEventRule
    {
        ArgumentNullException.ThrowIfNull(packet);
        long[] t = packet.RawTimestampUs;
        ushort[] x = packet.RawX;
        ushort[] y = packet.RawY;
        byte[] p = packet.RawPolarity;
        int n = packet.Count;
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            long ti = t[i];
            ushort xi = x[i];
            ushort yi = y[i];
            byte pi = p[i];
            if (rule.Keep(ti, ref xi, ref yi, pi))
            {
                t[kept] = ti;
                x[kept] = xi;
                y[kept] = yi;
                p[kept] = pi;
                kept++;
            }
        }

        packet.Truncate(kept);
        return n - kept;
    }
}
