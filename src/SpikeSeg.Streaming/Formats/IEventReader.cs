using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats;

/// <summary>A streaming decoder of one event file: constant memory, events in file order, timestamps in µs as encoded.</summary>
public interface IEventReader : IDisposable
{
    EventStreamInfo Info { get; }

    /// <summary>
    /// Appends up to <paramref name="maxEvents"/> events to <paramref name="into"/> and returns how many;
    /// 0 means the end of the stream. Throws <see cref="EventFormatException"/> on malformed input.
    /// </summary>
    int Read(EventPacket into, int maxEvents);
}
