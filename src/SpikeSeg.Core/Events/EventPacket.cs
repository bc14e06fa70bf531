namespace SpikeSeg.Core.Events;

/// <summary>
/// A batch of events as structure-of-arrays: the unit that flows through every stage.
/// Nothing in the hot path is one object per event. A packet is reusable: <see cref="Clear"/>
/// keeps the arrays, so a reader or filter can recycle packets and allocate nothing per batch.
/// </summary>
public sealed class EventPacket
{
    private long[] _timestampUs;
    private ushort[] _x;
    private ushort[] _y;
    private byte[] _polarity;

    public EventPacket(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _timestampUs = new long[capacity];
        _x = new ushort[capacity];
        _y = new ushort[capacity];
        _polarity = new byte[capacity];
    }

    public int Count { get; private set; }

    public int Capacity => _x.Length;

    /// <summary>Timestamps in whole microseconds, non-decreasing within a well-formed stream.</summary>
    public Span<long> TimestampUs => _timestampUs.AsSpan(0, Count);

    public Span<ushort> X => _x.AsSpan(0, Count);

    public Span<ushort> Y => _y.AsSpan(0, Count);

    /// <summary>Polarity per event: 1 = ON, 0 = OFF (<see cref="Polarity"/>).</summary>
    public Span<byte> Polarity => _polarity.AsSpan(0, Count);

    public bool IsEmpty => Count == 0;

    public long FirstTimestampUs => Count == 0 ? throw new InvalidOperationException("Empty packet.") : _timestampUs[0];

    public long LastTimestampUs => Count == 0 ? throw new InvalidOperationException("Empty packet.") : _timestampUs[Count - 1];

    public void Clear() => Count = 0;

    public void Add(long timestampUs, int x, int y, Polarity polarity) => Add(timestampUs, x, y, (byte)polarity);

    public void Add(long timestampUs, int x, int y, byte polarity)
    {
        if (Count == _x.Length)
        {
            Grow(Count + 1);
        }

        int i = Count++;
        _timestampUs[i] = timestampUs;
        _x[i] = (ushort)x;
        _y[i] = (ushort)y;
        _polarity[i] = polarity;
    }

    /// <summary>Makes room for <paramref name="additional"/> more events and returns the index of the first new slot; the caller fills the slots through the raw arrays.</summary>
    public int Reserve(int additional)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(additional);
        if (Count + additional > _x.Length)
        {
            Grow(Count + additional);
        }

        int start = Count;
        Count += additional;
        return start;
    }

    /// <summary>Shrinks the packet to <paramref name="count"/> events (used after a filter compacts in place).</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        Count = count;
    }

    /// <summary>Raw backing arrays (length ≥ Count) for kernels that fill or compact in place.</summary>
    public long[] RawTimestampUs => _timestampUs;

    public ushort[] RawX => _x;

    public ushort[] RawY => _y;

    public byte[] RawPolarity => _polarity;

    public void CopyFrom(EventPacket source, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(source);
        int at = Reserve(length);
        Array.Copy(source._timestampUs, start, _timestampUs, at, length);
        Array.Copy(source._x, start, _x, at, length);
        Array.Copy(source._y, start, _y, at, length);
        Array.Copy(source._polarity, start, _polarity, at, length);
    }

    public EventPacket Clone()
    {
        var copy = new EventPacket(Math.Max(Count, 1));
        copy.CopyFrom(this, 0, Count);
        return copy;
    }

    private void Grow(int needed)
    {
        int capacity = Math.Max(needed, Math.Max(16, _x.Length * 2));
        Array.Resize(ref _timestampUs, capacity);
        Array.Resize(ref _x, capacity);
        Array.Resize(ref _y, capacity);
        Array.Resize(ref _polarity, capacity);
    }
}
