using System.Numerics;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Filters;

/// <summary>
/// Learns which pixels are hot during the first <see cref="LearnWindowUs"/> µs of stream time (from the first
/// event), then removes their events for good. The rule, chosen so that stars and moving objects are not
/// mistaken for defects: a pixel is hot when
/// <list type="number">
/// <item>its event count in the window is at least max(<see cref="MinEvents"/>, <see cref="RateFactor"/> × the
/// array's mean count per pixel) — far above the array's rate; and</item>
/// <item>it fired in at least <see cref="MinActiveSlices"/> of the window's <see cref="Slices"/> equal slices —
/// persistently, which a passing object or a drifting star (a burst, then silence) is not.</item>
/// </list>
/// Events during learning pass untouched (nothing is known yet). Events outside the sensor are removed.
/// </summary>
public sealed class HotPixelFilter : IEventFilter
{
    public const int Slices = 10;

    private readonly SensorGeometry _sensor;
    private int[]? _counts;
    private ushort[]? _activeSlices;
    private readonly bool[] _hot;
    private long _learnStartUs = long.MinValue;
    private FilterCounter _removed;

    public HotPixelFilter(SensorGeometry sensor, long learnWindowUs = 1_000_000, double rateFactor = 10, int minEvents = 20, int minActiveSlices = 8)
    {
        FilterSettings.Require(sensor.Width > 0 && sensor.Height > 0, "hot-pixel", "sensor", $"{sensor} is not a valid sensor");
        FilterSettings.Require(learnWindowUs is >= Slices and <= 3_600_000_000, "hot-pixel", "learn window", $"must be in {Slices} µs..3600 s");
        FilterSettings.Require(double.IsFinite(rateFactor) && rateFactor >= 1, "hot-pixel", "rate factor", "must be finite and ≥ 1");
        FilterSettings.Require(minEvents >= 1, "hot-pixel", "min events", "must be ≥ 1");
        FilterSettings.Require(minActiveSlices is >= 1 and <= Slices, "hot-pixel", "min active slices", $"must be in 1..{Slices}");
        _sensor = sensor;
        LearnWindowUs = learnWindowUs;
        RateFactor = rateFactor;
        MinEvents = minEvents;
        MinActiveSlices = minActiveSlices;
        _counts = new int[sensor.PixelCount];
        _activeSlices = new ushort[sensor.PixelCount];
        _hot = new bool[sensor.PixelCount];
    }

    public long LearnWindowUs { get; }

    public double RateFactor { get; }

    public int MinEvents { get; }

    public int MinActiveSlices { get; }

    public bool IsLearning => _counts is not null;

    /// <summary>Number of masked pixels (0 while learning).</summary>
    public int HotPixelCount { get; private set; }

    public string Name => "hot-pixel";

    public long Removed => _removed.Value;

    public bool IsHot(int x, int y) => _sensor.Contains(x, y) && _hot[(y * _sensor.Width) + x];

    public void Apply(EventPacket packet)
    {
        var rule = new Rule(this);
        _removed.Add(PacketCompaction.KeepWhere(packet, ref rule));
    }

    private void Learn(int pixel, long timestampUs)
    {
        if (_learnStartUs == long.MinValue)
        {
            _learnStartUs = timestampUs;
        }

        long elapsed = timestampUs - _learnStartUs;
        if (elapsed >= LearnWindowUs)
        {
            Decide();
            return;
        }

        // A timestamp before the start (out-of-order input) counts in the first slice.
        int slice = elapsed <= 0 ? 0 : (int)(elapsed * Slices / LearnWindowUs);
        _counts![pixel]++;
        _activeSlices![pixel] |= (ushort)(1 << slice);
    }

    private void Decide()
    {
        int[] counts = _counts!;
        ushort[] active = _activeSlices!;
        long total = 0;
        foreach (int c in counts)
        {
            total += c;
        }

        double threshold = Math.Max(MinEvents, RateFactor * total / counts.Length);
        int hot = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] >= threshold && BitOperations.PopCount(active[i]) >= MinActiveSlices)
            {
                _hot[i] = true;
                hot++;
            }
        }

        HotPixelCount = hot;
        _counts = null;
        _activeSlices = null;
    }

    private readonly struct Rule(HotPixelFilter filter) : IEventRule
    {
        public bool Keep(long timestampUs, ref ushort x, ref ushort y, byte polarity)
        {
            var sensor = filter._sensor;
            if (x >= sensor.Width || y >= sensor.Height)
            {
                return false;
            }

            int pixel = (y * sensor.Width) + x;
            if (filter._counts is not null)
            {
                filter.Learn(pixel, timestampUs);
            }

            return !filter._hot[pixel];
        }
    }
}
