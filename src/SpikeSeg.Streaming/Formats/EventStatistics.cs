using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats;

/// <summary>Running summary of an event stream: counts, ON/OFF, first/last timestamp in file order, x/y ranges.</summary>
public sealed class EventStatistics
{
    public long Events { get; private set; }

    public long On { get; private set; }

    public long Off => Events - On;

    public long FirstTimestampUs { get; private set; }

    public long LastTimestampUs { get; private set; }

    public long MinTimestampUs { get; private set; } = long.MaxValue;

    public long MaxTimestampUs { get; private set; } = long.MinValue;

    public int XMin { get; private set; } = int.MaxValue;

    public int XMax { get; private set; } = int.MinValue;

    public int YMin { get; private set; } = int.MaxValue;

    public int YMax { get; private set; } = int.MinValue;

    /// <summary>max − min timestamp, 0 for fewer than two events.</summary>
    public long DurationUs => Events == 0 ? 0 : MaxTimestampUs - MinTimestampUs;

    /// <summary>Events per second over <see cref="DurationUs"/>; 0 when the duration is 0.</summary>
    public double MeanRateEventsPerSecond => DurationUs == 0 ? 0 : Events * 1e6 / DurationUs;

    public void Add(EventPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.IsEmpty)
        {
            return;
        }

        if (Events == 0)
        {
            FirstTimestampUs = packet.FirstTimestampUs;
        }

        LastTimestampUs = packet.LastTimestampUs;
        Events += packet.Count;
        long on = 0;
        foreach (byte p in packet.Polarity)
        {
            on += p;
        }

        On += on;
        foreach (long t in packet.TimestampUs)
        {
            MinTimestampUs = Math.Min(MinTimestampUs, t);
            MaxTimestampUs = Math.Max(MaxTimestampUs, t);
        }

        foreach (ushort x in packet.X)
        {
            XMin = Math.Min(XMin, x);
            XMax = Math.Max(XMax, x);
        }

        foreach (ushort y in packet.Y)
        {
            YMin = Math.Min(YMin, y);
            YMax = Math.Max(YMax, y);
        }
    }
}
