using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Filters;

/// <summary>Keeps the events of one polarity.</summary>
public sealed class PolarityFilter(Polarity keep) : IEventFilter
{
    private FilterCounter _removed;

    public Polarity Keep { get; } = keep;

    public string Name => "polarity";

    public long Removed => _removed.Value;

    public void Apply(EventPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        long[] t = packet.RawTimestampUs;
        ushort[] x = packet.RawX;
        ushort[] y = packet.RawY;
        byte[] p = packet.RawPolarity;
        byte wanted = (byte)Keep;
        int n = packet.Count;
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            if (p[i] == wanted)
            {
                t[kept] = t[i];
                x[kept] = x[i];
                y[kept] = y[i];
                p[kept] = wanted;
                kept++;
            }
        }

        packet.Truncate(kept);
        _removed.Add(n - kept);
    }
}
