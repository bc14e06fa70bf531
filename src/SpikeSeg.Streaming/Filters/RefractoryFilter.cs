using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Filters;

/// <summary>
/// Per-pixel refractory period: an event is kept only if its pixel has no kept event in the preceding
/// <see cref="PeriodUs"/> µs (t − t_last_kept ≥ period). Suppressed events do not extend the period, so a pixel
/// firing continuously still passes one event per period. An event earlier than its pixel's last kept one
/// (time going backwards) is inside the period and removed. Events outside the sensor are removed.
/// </summary>
public sealed class RefractoryFilter : IEventFilter
{
    /// <summary>"Never fired": far enough in the past that t − it never underflows nor falls inside a period.</summary>
    private const long Never = long.MinValue / 4;

    private readonly long[] _lastKeptUs;
    private readonly SensorGeometry _sensor;
    private FilterCounter _removed;

    public RefractoryFilter(SensorGeometry sensor, long periodUs)
    {
        FilterSettings.Require(sensor.Width > 0 && sensor.Height > 0, "refractory", "sensor", $"{sensor} is not a valid sensor");
        FilterSettings.Require(periodUs is >= 1 and <= 3_600_000_000, "refractory", "period", "must be in 1 µs..3600 s");
        _sensor = sensor;
        PeriodUs = periodUs;
        _lastKeptUs = new long[sensor.PixelCount];
        Array.Fill(_lastKeptUs, Never);
    }

    public long PeriodUs { get; }

    public string Name => "refractory";

    public long Removed => _removed.Value;

    public void Apply(EventPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        long[] t = packet.RawTimestampUs;
        ushort[] x = packet.RawX;
        ushort[] y = packet.RawY;
        byte[] p = packet.RawPolarity;
        long[] last = _lastKeptUs;
        int width = _sensor.Width;
        int height = _sensor.Height;
        long period = PeriodUs;
        int n = packet.Count;
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            if (x[i] >= width || y[i] >= height)
            {
                continue;
            }

            int pixel = (y[i] * width) + x[i];
            long ti = t[i];
            if (ti - last[pixel] >= period)
            {
                last[pixel] = ti;
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
}
