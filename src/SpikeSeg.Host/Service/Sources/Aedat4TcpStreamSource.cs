using Microsoft.Extensions.Logging;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;
using SpikeSeg.Host.ScaleOut;
using SpikeSeg.Streaming.Live;

namespace SpikeSeg.Host.Service.Sources;

/// <summary>
/// An AEDAT 4 event stream served over TCP, as DV software serves a camera. The sensor size comes from the
/// stream's header; a consumer that falls behind costs shed packets (counted), never a stalled camera.
/// With <see cref="SourceOptions.Reconnect"/> a lost or refused connection is retried with capped backoff, so
/// a camera server that restarts does not end a long-running stream; without it the stream ends with the
/// connection.
/// </summary>
internal sealed class Aedat4TcpStreamSource : IEventSource
{
    private readonly SourceOptions _options;
    private readonly ILogger _log;
    private readonly Backoff _backoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
    private LiveEventSource _live;
    private QueuedPacketReader _reader;
    private long _shedBefore;
    private long _eventTimeBefore;

    private Aedat4TcpStreamSource(SourceOptions options, LiveEventSource live, ILogger log)
    {
        _options = options;
        _log = log;
        _live = live;
        _reader = new QueuedPacketReader(live.Queue, live.Return);
        Sensor = live.Info.Geometry;
        Description = $"aedat4 tcp {options.Host}:{options.Port}";
    }

    public string Description { get; }

    public SensorGeometry? Sensor { get; }

    public long EventTimeUs => Math.Max(_eventTimeBefore, _reader.EventTimeUs);

    public long EventsShed => _shedBefore + _live.Queue.EventsShed;

    public long EventsLost => 0;

    /// <summary>Connections made after the first.</summary>
    public long Reconnects { get; private set; }

    public static async Task<Aedat4TcpStreamSource> ConnectAsync(SourceOptions options, ILogger log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        string description = $"aedat4 tcp {options.Host}:{options.Port}";
        var live = options.Reconnect
            ? await OpenPatientlyAsync(options, new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10)), log, description, ct).ConfigureAwait(false)
            : await OpenAsync(options, ct).ConfigureAwait(false);
        return new Aedat4TcpStreamSource(options, live, log);
    }

    public async ValueTask<EventPacket?> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            EventPacket? packet;
            try
            {
                packet = await _reader.ReadAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (_options.Reconnect && ex is not OperationCanceledException)
            {
                _log.LogWarning("{Source}: the stream broke ({Problem}); reconnecting", Description, ex.Message);
                packet = null;
            }

            if (packet is not null || !_options.Reconnect)
            {
                return packet;
            }

            await ReconnectAsync(ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _live.DisposeAsync().ConfigureAwait(false);
        _reader.GiveBack();
    }

    private static Task<LiveEventSource> OpenAsync(SourceOptions options, CancellationToken ct) =>
        LiveEventSource.ConnectAedat4Async(options.Host, options.Port,
            new LiveSourceOptions { QueueCapacity = options.QueueCapacity, ShedPolicy = options.ShedPolicy }, ct);

    private async Task ReconnectAsync(CancellationToken ct)
    {
        _reader.GiveBack();
        _shedBefore += _live.Queue.EventsShed;
        _eventTimeBefore = EventTimeUs;
        await _live.DisposeAsync().ConfigureAwait(false);
        var live = await OpenPatientlyAsync(_options, _backoff, _log, Description, ct).ConfigureAwait(false);
        if (live.Info.Geometry is { } sensor && Sensor is { } known && sensor != known)
        {
            await live.DisposeAsync().ConfigureAwait(false);
            throw new InvalidInputException($"{Description}: the server now sends a {sensor} sensor, not {known}");
        }

        _live = live;
        _reader = new QueuedPacketReader(live.Queue, live.Return);
        Reconnects++;
        _log.LogInformation("{Source}: reconnected ({Reconnects} so far)", Description, Reconnects);
    }

    /// <summary>Connects, retrying a refused or failed connection with backoff until it succeeds or <paramref name="ct"/> ends.</summary>
    private static async Task<LiveEventSource> OpenPatientlyAsync(SourceOptions options, Backoff backoff, ILogger log, string description, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                var live = await OpenAsync(options, ct).ConfigureAwait(false);
                backoff.Reset();
                return live;
            }
            catch (InvalidInputException ex)
            {
                var delay = backoff.Next();
                log.LogWarning("{Source}: {Problem}; retrying in {Delay}", description, ex.Message, delay);
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }
}
