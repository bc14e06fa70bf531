using SpikeSeg.Core;

namespace SpikeSeg.Streaming.Synthetic;

/// <summary>
/// Unordered events of one chunk as the generator's processes emit them, later sorted into time order.
/// The arrays grow to the largest chunk and are then reused, so steady state allocates nothing.
/// </summary>
internal sealed class EventScratch
{
    private long[] _timestampUs = new long[1024];
    private ushort[] _x = new ushort[1024];
    private ushort[] _y = new ushort[1024];
    private byte[] _polarity = new byte[1024];
    private int[] _objectId = new int[1024];
    private long[] _sortKeys = new long[1024];
    private int[] _order = new int[1024];

    public int Count { get; private set; }

    public long TimestampAt(int i) => _timestampUs[i];

    public void Clear() => Count = 0;

    public void Add(long timestampUs, int x, int y, byte polarity, int objectId)
    {
        if (Count == _timestampUs.Length)
        {
            int capacity = Count * 2;
            Array.Resize(ref _timestampUs, capacity);
            Array.Resize(ref _x, capacity);
            Array.Resize(ref _y, capacity);
            Array.Resize(ref _polarity, capacity);
            Array.Resize(ref _objectId, capacity);
        }

        int i = Count++;
        _timestampUs[i] = timestampUs;
        _x[i] = (ushort)x;
        _y[i] = (ushort)y;
        _polarity[i] = polarity;
        _objectId[i] = objectId;
    }

    /// <summary>Moves event <paramref name="i"/> into <paramref name="target"/>.</summary>
    public void MoveTo(int i, EventScratch target) => target.Add(_timestampUs[i], _x[i], _y[i], _polarity[i], _objectId[i]);

    /// <summary>Drops every event at or after <paramref name="timestampUs"/>, keeping the others in order.</summary>
    public void DropAtOrAfter(long timestampUs)
    {
        int kept = 0;
        for (int i = 0; i < Count; i++)
        {
            if (_timestampUs[i] < timestampUs)
            {
                _timestampUs[kept] = _timestampUs[i];
                _x[kept] = _x[i];
                _y[kept] = _y[i];
                _polarity[kept] = _polarity[i];
                _objectId[kept] = _objectId[i];
                kept++;
            }
        }

        Count = kept;
    }

    /// <summary>Bits of a packed sort key that carry the emission index; the rest carry the time offset.</summary>
    public const int IndexBits = 26;

    /// <summary>Longest chunk the packed key can express: 2^(63 − 26) µs, about 38 hours.</summary>
    public const long MaxChunkDurationUs = 1L << (63 - IndexBits);

    /// <summary>
    /// Writes the events into <paramref name="chunk"/> ordered by timestamp. Ties are broken by emission order,
    /// so the output is fully determined by the emission sequence. All events are at or after
    /// <paramref name="chunkStartUs"/>; each key packs (t − start, emission index) into one long, so one primitive
    /// sort orders them and breaks ties at once.
    /// </summary>
    public void SortInto(SyntheticChunk chunk, long chunkStartUs)
    {
        int n = Count;
        if (_sortKeys.Length < n)
        {
            _sortKeys = new long[_timestampUs.Length];
            _order = new int[_timestampUs.Length];
        }

        if (n >= 1 << IndexBits)
        {
            // Unreachable with validated options (≤ 2·10⁷ expected per chunk); refuse rather than mis-sort.
            throw new InvalidInputException($"synthetic scene setting 'chunk': {n} events in one chunk, more than {1 << IndexBits}; shorten the chunk");
        }

        for (int i = 0; i < n; i++)
        {
            _sortKeys[i] = ((_timestampUs[i] - chunkStartUs) << IndexBits) | (long)i;
        }

        Array.Sort(_sortKeys, 0, n);
        const long IndexMask = (1L << IndexBits) - 1;
        for (int k = 0; k < n; k++)
        {
            _order[k] = (int)(_sortKeys[k] & IndexMask);
        }

        int start = chunk.Reserve(n);
        long[] t = chunk.Events.RawTimestampUs;
        ushort[] x = chunk.Events.RawX;
        ushort[] y = chunk.Events.RawY;
        byte[] p = chunk.Events.RawPolarity;
        int[] ids = chunk.RawObjectIds;
        for (int k = 0; k < n; k++)
        {
            int i = _order[k];
            t[start + k] = _timestampUs[i];
            x[start + k] = _x[i];
            y[start + k] = _y[i];
            p[start + k] = _polarity[i];
            ids[start + k] = _objectId[i];
        }
    }
}
