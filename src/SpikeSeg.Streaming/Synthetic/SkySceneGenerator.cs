using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Streaming.Synthetic;

/// <summary>
/// Generates a synthetic sky chunk by chunk, deterministically from <see cref="SkySceneOptions.Seed"/>: every
/// source is a process in continuous time (Poisson arrivals, closed-form paths), so memory depends on the chunk
/// length only. Objects emit ON events <see cref="SkySceneOptions.ObjectEdgeOffsetPx"/> ahead of their true
/// position and OFF events as far behind, so the mean position of an object's events is its true position —
/// which is what the labels report.
/// </summary>
public sealed class SkySceneGenerator
{
    private readonly SkySceneOptions _options;
    private readonly DeterministicRandom _random;
    private readonly MovingObject[] _objects;
    private readonly StarField _stars;
    private readonly int[] _hotX;
    private readonly int[] _hotY;
    private readonly double[] _hotNextUs;
    private readonly double _noiseMeanGapUs;
    private readonly double _hotMeanGapUs;
    private readonly double _respawnMarginPx;
    private readonly EventScratch _scratch = new();
    private EventScratch _pending = new();
    private EventScratch _pendingNext = new();
    private double _noiseNextUs;
    private long _nextChunkStartUs;
    private int _nextObjectId;

    public SkySceneGenerator(SkySceneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _random = new DeterministicRandom(options.Seed);
        _respawnMarginPx = options.ObjectEdgeOffsetPx + (3 * options.ObjectJitterMaxPx) + 1;

        _objects = new MovingObject[options.ObjectCount];
        for (int i = 0; i < _objects.Length; i++)
        {
            _objects[i] = new MovingObject { EventRateHz = Uniform(options.ObjectEventRateMinHz, options.ObjectEventRateMaxHz) };
            Spawn(_objects[i], 0, fromBorder: false);
            _objects[i].NextEventUs = NextGapUs(_objects[i].EventRateHz);
        }

        _stars = new StarField(options, _random);

        (_hotX, _hotY) = PickDistinctPixels(options.HotPixelCount);
        _hotMeanGapUs = options.HotPixelRateHz > 0 ? 1e6 / options.HotPixelRateHz : double.PositiveInfinity;
        _hotNextUs = new double[_hotX.Length];
        for (int i = 0; i < _hotNextUs.Length; i++)
        {
            _hotNextUs[i] = _random.NextExponential(_hotMeanGapUs);
        }

        double noiseRateHz = options.NoiseRatePerPixelHz * options.Sensor.PixelCount;
        _noiseMeanGapUs = noiseRateHz > 0 ? 1e6 / noiseRateHz : double.PositiveInfinity;
        _noiseNextUs = _random.NextExponential(_noiseMeanGapUs);
    }

    public SkySceneOptions Options => _options;

    /// <summary>Enumerates the whole scene, refilling one <see cref="SyntheticChunk"/> each time.</summary>
    public static IEnumerable<SyntheticChunk> Generate(SkySceneOptions options)
    {
        var generator = new SkySceneGenerator(options);
        var chunk = new SyntheticChunk();
        while (generator.TryFill(chunk))
        {
            yield return chunk;
        }
    }

    /// <summary>Fills <paramref name="chunk"/> with the next time slice; false once the scene is over.</summary>
    public bool TryFill(SyntheticChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        long start = _nextChunkStartUs;
        if (start >= _options.DurationUs)
        {
            return false;
        }

        long end = Math.Min(start + _options.ChunkDurationUs, _options.DurationUs);
        chunk.Reset(start, end);
        _scratch.Clear();
        CarryPending(end);

        RespawnDeparted(start);
        EmitLabels(start, end, chunk.Labels);
        EmitObjects(end);
        _stars.Emit(start, end, _random, _scratch);
        EmitHotPixels(end);
        EmitNoise(end);

        // Star bursts may run past the chunk; they belong to the next one (or past the scene's end, to none).
        for (int i = 0; i < _scratch.Count; i++)
        {
            if (_scratch.TimestampAt(i) >= end && end < _options.DurationUs)
            {
                _scratch.MoveTo(i, _pending);
            }
        }

        _scratch.DropAtOrAfter(end);
        _scratch.SortInto(chunk, start, end);
        _nextChunkStartUs = end;
        return true;
    }

    private void CarryPending(long end)
    {
        _pendingNext.Clear();
        for (int i = 0; i < _pending.Count; i++)
        {
            _pending.MoveTo(i, _pending.TimestampAt(i) < end ? _scratch : _pendingNext);
        }

        (_pending, _pendingNext) = (_pendingNext, _pending);
        _pendingNext.Clear();
    }

    private void RespawnDeparted(long startUs)
    {
        double s = startUs * 1e-6;
        foreach (var o in _objects)
        {
            o.Track.At(s, out double x, out double y, out _, out _);
            if (x < -_respawnMarginPx || y < -_respawnMarginPx
                || x > _options.Sensor.Width - 1 + _respawnMarginPx || y > _options.Sensor.Height - 1 + _respawnMarginPx)
            {
                Spawn(o, s, fromBorder: true);
            }
        }
    }

    private void EmitLabels(long start, long end, List<LabelRow> labels)
    {
        long period = _options.LabelPeriodUs;
        long first = ((start + period - 1) / period) * period;
        for (long t = first; t < end; t += period)
        {
            foreach (var o in _objects)
            {
                o.Track.At(t * 1e-6, out double x, out double y, out _, out _);
                if (x >= 0 && y >= 0 && x <= _options.Sensor.Width - 1 && y <= _options.Sensor.Height - 1)
                {
                    labels.Add(new LabelRow(t, o.Id, x, y));
                }
            }
        }
    }

    private void EmitObjects(long end)
    {
        double offset = _options.ObjectEdgeOffsetPx;
        int width = _options.Sensor.Width;
        int height = _options.Sensor.Height;
        foreach (var o in _objects)
        {
            while (o.NextEventUs < end)
            {
                long t = (long)Math.Floor(o.NextEventUs);
                o.Track.At(o.NextEventUs * 1e-6, out double x, out double y, out double hx, out double hy);
                byte polarity = (byte)(_random.NextUInt64() >> 63);
                double sign = polarity == 1 ? 1.0 : -1.0;
                int px = (int)Math.Round(x + (sign * offset * hx) + _random.NextGaussian(0, o.JitterPx));
                int py = (int)Math.Round(y + (sign * offset * hy) + _random.NextGaussian(0, o.JitterPx));
                if ((uint)px < (uint)width && (uint)py < (uint)height)
                {
                    _scratch.Add(t, px, py, polarity, o.Id);
                }

                o.NextEventUs += NextGapUs(o.EventRateHz);
            }
        }
    }

    private void EmitHotPixels(long end)
    {
        for (int i = 0; i < _hotNextUs.Length; i++)
        {
            while (_hotNextUs[i] < end)
            {
                // Hot pixels are leaky ON detectors: mostly ON events.
                byte polarity = _random.NextDouble() < 0.8 ? (byte)1 : (byte)0;
                _scratch.Add((long)Math.Floor(_hotNextUs[i]), _hotX[i], _hotY[i], polarity, -1);
                _hotNextUs[i] += _random.NextExponential(_hotMeanGapUs);
            }
        }
    }

    private void EmitNoise(long end)
    {
        int width = _options.Sensor.Width;
        int height = _options.Sensor.Height;
        while (_noiseNextUs < end)
        {
            int x = _random.NextInt(width);
            int y = _random.NextInt(height);
            byte polarity = (byte)(_random.NextUInt64() >> 63);
            _scratch.Add((long)Math.Floor(_noiseNextUs), x, y, polarity, -1);
            _noiseNextUs += _random.NextExponential(_noiseMeanGapUs);
        }
    }

    /// <summary>
    /// A new object with a new id. At the start objects appear anywhere inside; later ones enter from a border
    /// (just outside it) heading for a random point in the central half of the field, so they cross it.
    /// </summary>
    private void Spawn(MovingObject o, double startS, bool fromBorder)
    {
        double width = _options.Sensor.Width;
        double height = _options.Sensor.Height;
        double x;
        double y;
        double heading;
        if (fromBorder)
        {
            int side = _random.NextInt(4);
            double along = _random.NextDouble();
            (x, y) = side switch
            {
                0 => (-1.0, along * (height - 1)),
                1 => (width, along * (height - 1)),
                2 => (along * (width - 1), -1.0),
                _ => (along * (width - 1), height),
            };
            double tx = Uniform(0.25, 0.75) * (width - 1);
            double ty = Uniform(0.25, 0.75) * (height - 1);
            heading = Math.Atan2(ty - y, tx - x);
        }
        else
        {
            x = Uniform(0.15, 0.85) * (width - 1);
            y = Uniform(0.15, 0.85) * (height - 1);
            heading = _random.NextDouble() * 2 * Math.PI;
        }

        double speed = Uniform(_options.ObjectSpeedMinPxPerS, _options.ObjectSpeedMaxPxPerS);
        double turn = _random.NextDouble() < 0.5 ? 0 : Uniform(-_options.ObjectMaxTurnRateRadPerS, _options.ObjectMaxTurnRateRadPerS);
        o.Id = _nextObjectId++;
        o.Track = new ObjectTrack(startS, x, y, heading, speed, turn);
        o.JitterPx = Uniform(_options.ObjectJitterMinPx, _options.ObjectJitterMaxPx);
    }

    private (int[] X, int[] Y) PickDistinctPixels(int count)
    {
        var xs = new int[count];
        var ys = new int[count];
        var taken = new HashSet<int>();
        int width = _options.Sensor.Width;
        for (int i = 0; i < count; i++)
        {
            int index;
            do
            {
                index = _random.NextInt(_options.Sensor.PixelCount);
            }
            while (!taken.Add(index));
            xs[i] = index % width;
            ys[i] = index / width;
        }

        return (xs, ys);
    }

    private double NextGapUs(double rateHz) => rateHz > 0 ? _random.NextExponential(1e6 / rateHz) : double.PositiveInfinity;

    private double Uniform(double min, double max) => min + ((max - min) * _random.NextDouble());
}
