using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Filters;

/// <summary>
/// Background-activity (isolated event) filter: an event is kept only if one of the 8 other pixels of its 3×3
/// neighbourhood had an event within the last <see cref="WindowUs"/> µs (0 ≤ t − t_neighbour ≤ window). Every
/// event, kept or not, then stamps its own pixel, so it can support its neighbours' later events. The pixel's own
/// history does not count: a lone flickering pixel must not vouch for itself. Causal (looks back only), unlike the
/// reference's offline ±10 ms check (docs/event-filters.md). Events outside the sensor are removed.
/// </summary>
public sealed class BackgroundActivityFilter : IEventFilter
{
    private const long Never = long.MinValue / 4;

    /// <summary>Last event time per pixel, with a one-pixel border of "never" so neighbour reads need no bounds checks.</summary>
    private readonly long[] _lastUs;
    private readonly int _stride;
    private readonly SensorGeometry _sensor;
    private FilterCounter _removed;

    public BackgroundActivityFilter(SensorGeometry sensor, long windowUs)
    {
        FilterSettings.Require(sensor.Width > 0 && sensor.Height > 0, "background-activity", "sensor", $"{sensor} is not a valid sensor");
        FilterSettings.Require(windowUs is >= 0 and <= 3_600_000_000, "background-activity", "window", "must be in 0..3600 s");
        _sensor = sensor;
        WindowUs = windowUs;
        _stride = sensor.Width + 2;
        _lastUs = new long[_stride * (sensor.Height + 2)];
        Array.Fill(_lastUs, Never);
    }

    public long WindowUs { get; }

    public string Name => "background-activity";

    public long Removed => _removed.Value;

    public void Apply(EventPacket packet)
    {
        var rule = new Rule(_lastUs, _stride, _sensor, WindowUs);
        _removed.Add(PacketCompaction.KeepWhere(packet, ref rule));
    }

    /// <summary>Unsigned compare: true for 0 ≤ t − last ≤ window, false for "never" and for a neighbour stamped later.</summary>
    private static bool Recent(long t, long last, long window) => (ulong)(t - last) <= (ulong)window;

    private readonly struct Rule(long[] lastUs, int stride, SensorGeometry sensor, long windowUs) : IEventRule
    {
        public bool Keep(long timestampUs, ref ushort x, ref ushort y, byte polarity)
        {
            if (x >= sensor.Width || y >= sensor.Height)
            {
                return false;
            }

            long[] last = lastUs;
            long t = timestampUs;
            long window = windowUs;
            int c = ((y + 1) * stride) + x + 1;
            bool supported =
                Recent(t, last[c - stride - 1], window) || Recent(t, last[c - stride], window) || Recent(t, last[c - stride + 1], window)
                || Recent(t, last[c - 1], window) || Recent(t, last[c + 1], window)
                || Recent(t, last[c + stride - 1], window) || Recent(t, last[c + stride], window) || Recent(t, last[c + stride + 1], window);
            last[c] = t;
            return supported;
        }
    }
}
