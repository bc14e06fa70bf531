using SpikeSeg.Core.Events;

namespace SpikeSeg.Core.Encoding;

/// <summary>
/// The reference's <c>events_to_voxel_grid</c> (reference-semantics §1.2): a whole sample becomes a dense
/// <c>(T, C, H, W)</c> float32 grid whose T bins span exactly the sample's first-to-last event time.
/// Kept for conformance and offline comparison; the streaming path uses <see cref="StepBinner"/>.
/// </summary>
public static class ReferenceVoxelGrid
{
    /// <summary>
    /// Builds the grid. <paramref name="polarity"/> holds raw polarity values as the sample stores them
    /// (0/1 or −1/+1); the reference rule depends on which convention it sees.
    /// </summary>
    /// <returns>Row-major <c>(T, C, H, W)</c> values.</returns>
    public static float[] Build(
        ReadOnlySpan<long> timestampUs,
        ReadOnlySpan<int> x,
        ReadOnlySpan<int> y,
        ReadOnlySpan<int> polarity,
        SensorGeometry sensor,
        VoxelGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int n = timestampUs.Length;
        if (x.Length != n || y.Length != n || polarity.Length != n)
        {
            throw new ArgumentException("Event columns must have equal lengths.", nameof(timestampUs));
        }

        Validate(options);
        int channels = options.Channels;
        int width = options.Width;
        int height = options.Height;
        int planeCells = height * width;
        int stepCells = channels * planeCells;
        var grid = new float[options.CellCount];
        if (n == 0)
        {
            return grid;
        }

        var resizeX = new CoordinateResize(sensor.Width, width);
        var resizeY = new CoordinateResize(sensor.Height, height);
        var channelOf = new PolarityChannelMap(options.PolarityChannels ? options.Rule : null, polarity);
        var binOf = new RelativeTimeBins(timestampUs, options.Timesteps);

        for (int i = 0; i < n; i++)
        {
            int bin = binOf.Bin(timestampUs[i]);
            int c = channelOf.Channel(polarity[i]);
            int index = (bin * stepCells) + (c * planeCells) + (resizeY.Map(y[i]) * width) + resizeX.Map(x[i]);
            grid[index] += 1f;
        }

        if (options.Normalize)
        {
            for (int t = 0; t < options.Timesteps; t++)
            {
                NormalizeByMax(grid.AsSpan(t * stepCells, stepCells));
            }
        }

        return grid;
    }

    /// <summary>Convenience overload for a packet (polarity 1 = ON, 0 = OFF).</summary>
    public static float[] Build(EventPacket packet, SensorGeometry sensor, VoxelGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var x = new int[packet.Count];
        var y = new int[packet.Count];
        var p = new int[packet.Count];
        for (int i = 0; i < packet.Count; i++)
        {
            x[i] = packet.X[i];
            y[i] = packet.Y[i];
            p[i] = packet.Polarity[i];
        }

        return Build(packet.TimestampUs, x, y, p, sensor, options);
    }

    private static void Validate(VoxelGridOptions options)
    {
        if (options.Timesteps <= 0)
        {
            throw new InvalidInputException($"voxel.timesteps = {options.Timesteps}: must be > 0");
        }

        if (options.Width <= 0 || options.Height <= 0)
        {
            throw new InvalidInputException($"voxel.size = {options.Width}x{options.Height}: must be > 0");
        }

        if (options.CellCount > VoxelGridOptions.MaxCells)
        {
            throw new InvalidInputException($"voxel.cells = {options.CellCount}: must be ≤ {VoxelGridOptions.MaxCells}");
        }
    }

    private static void NormalizeByMax(Span<float> step)
    {
        float max = 0f;
        foreach (float v in step)
        {
            max = Math.Max(max, v);
        }

        if (max > 0f)
        {
            foreach (ref float v in step)
            {
                v /= max;
            }
        }
    }

    /// <summary>§1.2.2: bins relative to the sample's own time span, float64, T − 1e−6; equal timestamps → T // 2.</summary>
    private readonly struct RelativeTimeBins
    {
        private readonly long _min;
        private readonly double _span;
        private readonly int _timesteps;

        public RelativeTimeBins(ReadOnlySpan<long> timestampUs, int timesteps)
        {
            long min = long.MaxValue, max = long.MinValue;
            foreach (long t in timestampUs)
            {
                min = Math.Min(min, t);
                max = Math.Max(max, t);
            }

            _min = min;
            _span = (double)max - min;
            _timesteps = timesteps;
        }

        public int Bin(long timestampUs)
        {
            if (_span == 0)
            {
                return _timesteps / 2;
            }

            double normalized = (timestampUs - _min) / _span * (_timesteps - 1e-6);
            return (int)Math.Clamp(Math.Truncate(normalized), 0, _timesteps - 1);
        }
    }

    /// <summary>§1.2.4 (reference rule) or §16.4 (fixed rule); <c>null</c> rule = single merged channel.</summary>
    private readonly struct PolarityChannelMap
    {
        private readonly PolarityChannelRule? _rule;
        private readonly int _min;
        private readonly int _max;

        public PolarityChannelMap(PolarityChannelRule? rule, ReadOnlySpan<int> polarity)
        {
            _rule = rule;
            _min = int.MaxValue;
            _max = int.MinValue;
            foreach (int p in polarity)
            {
                _min = Math.Min(_min, p);
                _max = Math.Max(_max, p);
            }
        }

        public int Channel(int p) => _rule switch
        {
            null => 0,
            PolarityChannelRule.FixedOnFirst => p > 0 ? 0 : 1,
            _ => Math.Clamp(ReferenceChannel(p), 0, 1),
        };

        private int ReferenceChannel(int p)
        {
            if (_min < 0)
            {
                return (int)Math.Floor((1 - p) / 2.0);
            }

            if (_min == 0 && _max <= 1)
            {
                return p;
            }

            return p - _min;
        }
    }
}
