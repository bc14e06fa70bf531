using SpikeSeg.Core.Events;

namespace SpikeSeg.Host.Service.Sources;

/// <summary>
/// A stream's supply of events. A new source type is one class implementing this, plus one line in
/// <see cref="EventSources.OpenAsync"/>.
/// </summary>
internal interface IEventSource : IAsyncDisposable
{
    /// <summary>Short description for logs and /status (e.g. "synthetic sda", a file path).</summary>
    string Description { get; }

    /// <summary>Sensor geometry when the source knows it; null = the preset's default sensor.</summary>
    SensorGeometry? Sensor { get; }

    /// <summary>How far event time has advanced in what the source has delivered (µs), for the lag on /status.</summary>
    long EventTimeUs { get; }

    /// <summary>Events the source discarded because the pipeline fell behind (live sources only).</summary>
    long EventsShed { get; }

    /// <summary>Events the sender sent that never arrived (gaps in a datagram source's sequence numbers).</summary>
    long EventsLost { get; }

    /// <summary>
    /// The next packet (owned by the source, valid until the next call; may be empty), or null at the end of the
    /// stream. Honours <paramref name="ct"/> while waiting for pacing or input.
    /// </summary>
    ValueTask<EventPacket?> ReadAsync(CancellationToken ct);
}
