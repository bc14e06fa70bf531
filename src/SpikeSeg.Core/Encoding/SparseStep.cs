namespace SpikeSeg.Core.Encoding;

/// <summary>
/// One step of network input as the active cells only, in canonical (y, x, channel) order.
/// Owned and reused by <see cref="StepBinner"/>: read it inside <see cref="IStepSink.OnStep"/>, copy what
/// must outlive the call.
/// </summary>
public sealed class SparseStep
{
    private ushort[] _y = new ushort[InitialCapacity];
    private ushort[] _x = new ushort[InitialCapacity];
    private byte[] _channel = new byte[InitialCapacity];
    private float[] _value = new float[InitialCapacity];
    private int[] _rawCount = new int[InitialCapacity];

    private const int InitialCapacity = 256;

    /// <summary>k: the step covers [origin + k·dt, origin + (k + 1)·dt).</summary>
    public long StepIndex { get; private set; }

    public long StartUs { get; private set; }

    /// <summary>Exclusive end of the step.</summary>
    public long EndUs { get; private set; }

    /// <summary>Active cells in this step.</summary>
    public int Count { get; private set; }

    /// <summary>In-range events this step counted (the sum of <see cref="RawCount"/>).</summary>
    public long EventCount { get; private set; }

    /// <summary>Largest raw count of the step, the normalisation divisor.</summary>
    public int MaxCount { get; private set; }

    public ReadOnlySpan<ushort> Y => _y.AsSpan(0, Count);

    public ReadOnlySpan<ushort> X => _x.AsSpan(0, Count);

    public ReadOnlySpan<byte> Channel => _channel.AsSpan(0, Count);

    /// <summary>Network input per cell: raw count divided by <see cref="MaxCount"/> when normalising, else the count.</summary>
    public ReadOnlySpan<float> Value => _value.AsSpan(0, Count);

    public ReadOnlySpan<int> RawCount => _rawCount.AsSpan(0, Count);

    /// <summary>
    /// Writes the step's cells to <paramref name="destination"/> (exactly <see cref="Count"/> long) as network input
    /// in canonical (channel, row, column) order, which a layer takes without sorting. The cells are listed in (row,
    /// column, channel) order, so a stable placement by channel is all it takes (for up to
    /// <see cref="MaxPlacedChannels"/> channels; beyond that they are copied as listed and the layer sorts).
    /// </summary>
    public void CopyCanonicalTo(Span<Network.InputCell> destination)
    {
        if (destination.Length != Count)
        {
            throw new ArgumentException($"the step has {Count} cells, the destination holds {destination.Length}.", nameof(destination));
        }

        var ys = Y;
        var xs = X;
        var cs = Channel;
        var vs = Value;
        Span<int> start = stackalloc int[MaxPlacedChannels + 1];
        start.Clear();
        foreach (byte c in cs)
        {
            if (c >= MaxPlacedChannels)
            {
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = new Network.InputCell(cs[i], ys[i], xs[i], vs[i]);
                }

                return;
            }

            start[c + 1]++;
        }

        for (int c = 1; c <= MaxPlacedChannels; c++)
        {
            start[c] += start[c - 1];
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[start[cs[i]]++] = new Network.InputCell(cs[i], ys[i], xs[i], vs[i]);
        }
    }

    /// <summary>Channels <see cref="CopyCanonicalTo"/> places without sorting.</summary>
    public const int MaxPlacedChannels = 8;

    internal void Begin(long stepIndex, long startUs, long endUs, int count)
    {
        StepIndex = stepIndex;
        StartUs = startUs;
        EndUs = endUs;
        MaxCount = 0;
        EventCount = 0;
        if (count > _y.Length)
        {
            int capacity = Math.Max(count, _y.Length * 2);
            _y = new ushort[capacity];
            _x = new ushort[capacity];
            _channel = new byte[capacity];
            _value = new float[capacity];
            _rawCount = new int[capacity];
        }

        Count = count;
    }

    internal void Set(int i, int y, int x, int channel, int rawCount)
    {
        _y[i] = (ushort)y;
        _x[i] = (ushort)x;
        _channel[i] = (byte)channel;
        _rawCount[i] = rawCount;
        EventCount += rawCount;
    }

    /// <summary>Once every cell is set: the step maximum and each value as raw count / <paramref name="divisor"/>.</summary>
    internal void Finish(int maxCount, float divisor)
    {
        MaxCount = maxCount;
        var raw = _rawCount.AsSpan(0, Count);
        var value = _value.AsSpan(0, Count);
        for (int i = 0; i < raw.Length; i++)
        {
            value[i] = raw[i] / divisor;
        }
    }
}
