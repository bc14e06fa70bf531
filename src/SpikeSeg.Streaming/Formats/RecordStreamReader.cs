using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// Shared read loop of the formats that are a flat sequence of fixed-size records after a header:
/// decode straight from the source window into the packet's raw arrays, one chunk at a time.
/// </summary>
public abstract class RecordStreamReader : IEventReader
{
    /// <summary>Upper bound of slots reserved per chunk, so a huge maxEvents never pre-allocates.</summary>
    protected const int MaxEventsPerChunk = 1 << 16;

    protected RecordStreamReader(EventByteSource source, EventStreamInfo info, int recordBytes)
    {
        Source = source;
        Info = info;
        RecordBytes = recordBytes;
    }

    public EventStreamInfo Info { get; }

    protected EventByteSource Source { get; }

    protected int RecordBytes { get; }

    public int Read(EventPacket into, int maxEvents)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEvents);
        int total = 0;
        while (total < maxEvents && !IsComplete)
        {
            if (Source.Available < RecordBytes && Source.Fill() < RecordBytes && !Source.Ensure(RecordBytes) && !HasPendingEvents)
            {
                if (Source.Available > 0)
                {
                    throw Source.Error(Source.Position, $"truncated record: {Source.Available} trailing bytes, records are {RecordBytes} bytes");
                }

                OnEndOfStream();
                break;
            }

            int capacity = Math.Min(maxEvents - total, MaxEventsPerChunk);
            int at = into.Reserve(capacity);
            var data = Source.Span;
            int consumed = Decode(data[..(data.Length - (data.Length % RecordBytes))], Source.Position, into, at, capacity, out int produced);
            into.Truncate(at + produced);
            Source.Advance(consumed);
            total += produced;
        }

        PublishCounts();
        return total;
    }

    public void Dispose()
    {
        Source.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>True when the format's own count says no records remain (bytes after that are ignored).</summary>
    protected virtual bool IsComplete => false;

    /// <summary>Called at a clean end of the bytes; formats that declare a count throw here when records are missing.</summary>
    protected virtual void OnEndOfStream()
    {
    }

    /// <summary>True while decoded events are waiting that the last chunk had no room for.</summary>
    protected virtual bool HasPendingEvents => false;

    /// <summary>
    /// Decodes whole records of <paramref name="records"/> (which starts at absolute byte
    /// <paramref name="offset"/>) into slots [at, at + capacity) of the packet's raw arrays, stopping
    /// when the slots are full. Returns the bytes consumed.
    /// </summary>
    protected abstract int Decode(ReadOnlySpan<byte> records, long offset, EventPacket into, int at, int capacity, out int produced);

    /// <summary>Copies hot-loop counters into <see cref="Info"/>.</summary>
    protected virtual void PublishCounts()
    {
    }
}
