using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Streaming.Synthetic;

/// <summary>
/// Stars drifting together across the array. A star on a dark sky makes events only when its image crosses a
/// pixel boundary: ON in the pixel it enters, OFF in the pixel it leaves, a brightness-dependent number of each,
/// spread over the pixel response time. The sky is a torus so the field stays populated for any duration.
/// </summary>
internal sealed class StarField
{
    private readonly double[] _x0;
    private readonly double[] _y0;
    private readonly double[] _eventsPerCrossing;
    private readonly double _vx;
    private readonly double _vy;
    private readonly int _width;
    private readonly int _height;
    private readonly long _burstUs;

    public StarField(SkySceneOptions options, DeterministicRandom random)
    {
        int n = options.StarCount;
        _width = options.Sensor.Width;
        _height = options.Sensor.Height;
        _vx = options.StarDriftXPxPerS;
        _vy = options.StarDriftYPxPerS;
        _burstUs = options.StarBurstUs;
        _x0 = new double[n];
        _y0 = new double[n];
        _eventsPerCrossing = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            _x0[i] = random.NextDouble() * _width;
            _y0[i] = random.NextDouble() * _height;
            _eventsPerCrossing[i] = random.NextExponential(1.0); // most stars faint, a few bright
            sum += _eventsPerCrossing[i];
        }

        // Normalise so the field's total rate is exactly what the options promise, whatever the draw.
        double scale = sum > 0 ? options.StarEventsPerCrossing * n / sum : 0;
        for (int i = 0; i < n; i++)
        {
            _eventsPerCrossing[i] = Math.Min(_eventsPerCrossing[i] * scale, MaxEventsPerCrossing);
        }
    }

    /// <summary>Caps one star's mean so the Poisson draw stays cheap and bounded.</summary>
    private const double MaxEventsPerCrossing = 64;

    /// <summary>Emits the events of every crossing in [startUs, endUs); burst tails may run past endUs.</summary>
    public void Emit(long startUs, long endUs, DeterministicRandom random, EventScratch output)
    {
        double s0 = startUs * 1e-6;
        double s1 = endUs * 1e-6;
        for (int i = 0; i < _x0.Length; i++)
        {
            EmitAxisCrossings(i, s0, s1, alongX: true, random, output);
            EmitAxisCrossings(i, s0, s1, alongX: false, random, output);
        }
    }

    private void EmitAxisCrossings(int star, double s0, double s1, bool alongX, DeterministicRandom random, EventScratch output)
    {
        double v = alongX ? _vx : _vy;
        if (v == 0)
        {
            return;
        }

        double p0 = alongX ? _x0[star] : _y0[star];
        double a = p0 + (v * s0);
        double b = p0 + (v * s1);

        // Pixel m spans [m − 0.5, m + 0.5): boundaries sit at m + 0.5. Crossings in [s0, s1) are those with the
        // boundary in [a, b) moving right, or in (b, a] moving left.
        long first;
        long last;
        if (v > 0)
        {
            first = (long)Math.Ceiling(a - 0.5);
            last = (long)Math.Ceiling(b - 0.5) - 1;
        }
        else
        {
            first = (long)Math.Floor(b - 0.5) + 1;
            last = (long)Math.Floor(a - 0.5);
        }

        for (long m = first; m <= last; m++)
        {
            double crossS = ((m + 0.5) - p0) / v;
            long crossUs = (long)Math.Floor(crossS * 1e6);
            long enter = v > 0 ? m + 1 : m;
            long leave = v > 0 ? m : m + 1;
            double other = alongX ? _y0[star] + (_vy * crossS) : _x0[star] + (_vx * crossS);
            long otherPixel = (long)Math.Round(other);
            double mean = _eventsPerCrossing[star];
            EmitBurst(crossUs, enter, otherPixel, alongX, polarity: 1, mean, random, output);
            EmitBurst(crossUs, leave, otherPixel, alongX, polarity: 0, mean, random, output);
        }
    }

    private void EmitBurst(long crossUs, long along, long across, bool alongX, byte polarity, double mean, DeterministicRandom random, EventScratch output)
    {
        int count = Poisson.Draw(mean, random);
        int x = Wrap(alongX ? along : across, _width);
        int y = Wrap(alongX ? across : along, _height);
        for (int k = 0; k < count; k++)
        {
            long t = crossUs + random.NextInt((int)_burstUs);
            output.Add(t, x, y, polarity, -1);
        }
    }

    private static int Wrap(long value, int size)
    {
        long r = value % size;
        return (int)(r < 0 ? r + size : r);
    }
}
