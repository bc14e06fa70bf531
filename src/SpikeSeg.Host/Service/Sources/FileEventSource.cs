using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;

namespace SpikeSeg.Host.Service.Sources;

/// <summary>An event recording in any readable format, replayed with the configured pacing.</summary>
internal sealed class FileEventSource : IEventSource
{
    private const int PacketEvents = 1 << 14;

    private readonly IEventReader _reader;
    private readonly EventPacket _packet = new(PacketEvents);
    private readonly EventPacer _pacer;

    public FileEventSource(SourceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _reader = EventReaders.Open(options.Path, options.Format);
        _pacer = new EventPacer(EventPacer.SpeedOf(options), time);
        Sensor = _reader.Info.Geometry;
        Description = options.Path;
    }

    public string Description { get; }

    public SensorGeometry? Sensor { get; }

    public long EventTimeUs { get; private set; }

    public long EventsShed => 0;

    public long EventsLost => 0;

    public async ValueTask<EventPacket?> ReadAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        _packet.Clear();
        if (_reader.Read(_packet, PacketEvents) == 0)
        {
            return null;
        }

        await _pacer.WaitUntilAsync(_packet.LastTimestampUs, ct).ConfigureAwait(false);
        EventTimeUs = Math.Max(EventTimeUs, _packet.LastTimestampUs);
        return _packet;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }
}
