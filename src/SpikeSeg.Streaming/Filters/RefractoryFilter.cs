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
        var rule = new Rule(_lastKeptUs, _sensor, PeriodUs);
        _removed.Add(PacketCompaction.KeepWhere(packet, ref rule));
    }

    private readonly struct Rule(long[] lastKeptUs, SensorGeometry sensor, long periodUs) : IEventRule
    {
        public bool Keep(long timestampUs, ref ushort x, ref ushort y, byte polarity)
        {
            if (x >= sensor.Width || y >= sensor.Height)
            {
                return false;
            }

            ref long last = ref lastKeptUs[(y * sensor.Width) + x];
            if (timestampUs - last < periodUs)
            {
                return false;
            }

            last = timestampUs;
            return true;
        }
    }
}
