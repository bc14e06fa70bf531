using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Live;

namespace SpikeSeg.Host.Service.Sources;

/// <summary>
/// An AEDAT 4 event stream served over TCP, as DV software serves a camera. The sensor size comes from the
/// stream's header; a consumer that falls behind costs shed packets (counted), never a stalled camera.
/// </summary>
internal sealed class Aedat4TcpStreamSource : IEventSource
{
    private readonly LiveEventSource _live;
    private readonly QueuedPacketReader _reader;

    private Aedat4TcpStreamSource(LiveEventSource live, string description)
    {
        _live = live;
        _reader = new QueuedPacketReader(live.Queue, live.Return);
        Sensor = live.Info.Geometry;
        Description = description;
    }

    public string Description { get; }

    public SensorGeometry? Sensor { get; }

    public long EventTimeUs => _reader.EventTimeUs;

    public long EventsShed => _live.Queue.EventsShed;

    public long EventsLost => 0;

    public static async Task<Aedat4TcpStreamSource> ConnectAsync(SourceOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var live = await LiveEventSource.ConnectAedat4Async(options.Host, options.Port,
            new LiveSourceOptions { QueueCapacity = options.QueueCapacity, ShedPolicy = options.ShedPolicy }, ct).ConfigureAwait(false);
        return new Aedat4TcpStreamSource(live, $"aedat4 tcp {options.Host}:{options.Port}");
    }

    public ValueTask<EventPacket?> ReadAsync(CancellationToken ct) => _reader.ReadAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _live.DisposeAsync().ConfigureAwait(false);
        _reader.GiveBack();
    }
}
