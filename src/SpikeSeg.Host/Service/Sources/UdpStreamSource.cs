using System.Net;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Live;

namespace SpikeSeg.Host.Service.Sources;

/// <summary>
/// A camera sending events over UDP (docs/udp-framing.md). Listens on loopback unless configured otherwise;
/// never blocks the receiving side: a full queue sheds by the configured policy, and datagrams that never arrived
/// are counted from the senders' sequence numbers.
/// </summary>
internal sealed class UdpStreamSource : IEventSource
{
    private readonly UdpEventSource _udp;
    private readonly QueuedPacketReader _reader;

    public UdpStreamSource(SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sensor = new SensorGeometry(options.Width, options.Height);
        _udp = UdpEventSource.Start(new UdpSourceOptions
        {
            Endpoint = IPEndPoint.Parse(options.Listen),
            Sensor = sensor,
            QueueCapacity = options.QueueCapacity,
            ShedPolicy = options.ShedPolicy,
            CompleteOnEndOfStream = options.CompleteOnEndOfStream,
        });
        _reader = new QueuedPacketReader(_udp.Queue, _udp.Return);
        Sensor = sensor;
        Description = $"udp {_udp.LocalEndPoint}";
    }

    public string Description { get; }

    public SensorGeometry? Sensor { get; }

    /// <summary>Where the socket is bound (the port is the OS's choice when configured as 0).</summary>
    public IPEndPoint LocalEndPoint => _udp.LocalEndPoint;

    public long EventTimeUs => _reader.EventTimeUs;

    public long EventsShed => _udp.Queue.EventsShed;

    public long EventsLost => _udp.EventsLost;

    public ValueTask<EventPacket?> ReadAsync(CancellationToken ct) => _reader.ReadAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _udp.DisposeAsync().ConfigureAwait(false);
        _reader.GiveBack();
    }
}
