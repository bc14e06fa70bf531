using System.Runtime.CompilerServices;

namespace SpikeSeg.Streaming.Filters;

/// <summary>A removed-event counter that one stage writes and anyone may read.</summary>
internal struct FilterCounter
{
    private long _value;

    public readonly long Value => Volatile.Read(ref Unsafe.AsRef(in _value));

    public void Add(long count)
    {
        if (count != 0)
        {
            Interlocked.Add(ref _value, count);
        }
    }
}
