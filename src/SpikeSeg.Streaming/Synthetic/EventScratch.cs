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
    /// Writes the events into <paramref name="chunk"/> ordered by timestamp, ties in emission order, so the output
    /// is fully determined by the emission sequence. All events lie in [<paramref name="chunkStartUs"/>,
    /// <paramref name="chunkEndUs"/>). Short chunks (the usual 10 ms) use a counting sort over the microseconds
    /// of the chunk, O(n + duration) and stable; long ones pack (t − start, emission index) into one long key
    /// and use one primitive sort.
    /// </summary>
    public void SortInto(SyntheticChunk chunk, long chunkStartUs, long chunkEndUs)
    {
        int n = Count;
        if (_order.Length < n)
        {
            _order = new int[_timestampUs.Length];
        }

        long duration = chunkEndUs - chunkStartUs;
        if (duration <= Math.Max(CountingSortMinBuckets, 2L * n))
        {
            CountingSort(n, chunkStartUs, (int)duration);
        }
        else
        {
            PackedKeySort(n, chunkStartUs);
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

    /// <summary>Chunks up to this many µs always use the counting sort (its bucket array stays ≤ 256 KiB).</summary>
    public const int CountingSortMinBuckets = 1 << 16;

    private int[] _buckets = new int[1];

    private void CountingSort(int n, long startUs, int duration)
    {
        if (_buckets.Length < duration + 1)
        {
            _buckets = new int[duration + 1];
        }

        Span<int> buckets = _buckets.AsSpan(0, duration + 1);
        buckets.Clear();
        for (int i = 0; i < n; i++)
        {
            buckets[(int)(_timestampUs[i] - startUs) + 1]++;
        }

        for (int b = 1; b < buckets.Length; b++)
        {
            buckets[b] += buckets[b - 1];
        }

        for (int i = 0; i < n; i++)
        {
            _order[buckets[(int)(_timestampUs[i] - startUs)]++] = i;
        }
    }

    private void PackedKeySort(int n, long startUs)
    {
        if (n >= 1 << IndexBits)
        {
            // Unreachable with validated options (≤ 2·10⁷ expected per chunk); refuse rather than mis-sort.
            throw new InvalidInputException($"synthetic scene setting 'chunk': {n} events in one chunk, more than {1 << IndexBits}; shorten the chunk");
        }

        if (_sortKeys.Length < n)
        {
            _sortKeys = new long[_timestampUs.Length];
        }

        for (int i = 0; i < n; i++)
        {
            _sortKeys[i] = ((_timestampUs[i] - startUs) << IndexBits) | (long)i;
        }

        Array.Sort(_sortKeys, 0, n);
        const long IndexMask = (1L << IndexBits) - 1;
        for (int k = 0; k < n; k++)
        {
            _order[k] = (int)(_sortKeys[k] & IndexMask);
        }
    }
}
