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
        ArgumentNullException.ThrowIfNull(packet);
        long[] t = packet.RawTimestampUs;
        ushort[] x = packet.RawX;
        ushort[] y = packet.RawY;
        byte[] p = packet.RawPolarity;
        long[] last = _lastUs;
        int stride = _stride;
        int width = _sensor.Width;
        int height = _sensor.Height;
        long window = WindowUs;
        int n = packet.Count;
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            if (x[i] >= width || y[i] >= height)
            {
                continue;
            }

            long ti = t[i];
            int c = ((y[i] + 1) * stride) + x[i] + 1;
            bool supported =
                Recent(ti, last[c - stride - 1], window) || Recent(ti, last[c - stride], window) || Recent(ti, last[c - stride + 1], window)
                || Recent(ti, last[c - 1], window) || Recent(ti, last[c + 1], window)
                || Recent(ti, last[c + stride - 1], window) || Recent(ti, last[c + stride], window) || Recent(ti, last[c + stride + 1], window);
            last[c] = ti;
            if (supported)
            {
                t[kept] = ti;
                x[kept] = x[i];
                y[kept] = y[i];
                p[kept] = p[i];
                kept++;
            }
        }

        packet.Truncate(kept);
        _removed.Add(n - kept);
    }

    /// <summary>Unsigned compare: true for 0 ≤ t − last ≤ window, false for "never" and for a neighbour stamped later.</summary>
    private static bool Recent(long t, long last, long window) => (ulong)(t - last) <= (ulong)window;
}
