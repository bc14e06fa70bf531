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
