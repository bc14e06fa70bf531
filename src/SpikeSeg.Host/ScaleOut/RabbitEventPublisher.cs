using Google.Protobuf;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using SpikeSeg.Streaming.Wire;

namespace SpikeSeg.Host.ScaleOut;

/// <summary>
/// The gateway role: publishes one camera's event batches to its queue with publisher confirms and a bounded
/// number in flight. Every batch stays in an in-flight window until the broker confirms it; after a broker
/// failure the publisher reconnects with backoff and republishes the whole window in sequence order, so the
/// queue sees no gap and no reordering (a batch may arrive twice; consumers drop duplicates by sequence).
/// </summary>
public sealed class RabbitEventPublisher : IAsyncDisposable
{
    private readonly ConnectionFactory _factory;
    private readonly string _cameraId;
    private readonly int _maxInFlight;
    private readonly ILogger _logger;
    private readonly LinkedList<(ulong Sequence, byte[] Body)> _window = new();
    private readonly object _gate = new();
    private readonly Dictionary<ulong, ulong> _tagToSequence = [];
    private IConnection? _connection;
    private IChannel? _channel;
    private TaskCompletionSource _windowChanged = NewSignal();
    private bool _channelBroken;

    public RabbitEventPublisher(Uri broker, string cameraId, int maxInFlight, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxInFlight);
        _factory = new ConnectionFactory { Uri = broker, AutomaticRecoveryEnabled = false, ClientProvidedName = "spikeseg-publish-" + cameraId };
        _cameraId = cameraId;
        _maxInFlight = maxInFlight;
        _logger = logger;
    }

    public long Confirmed { get; private set; }

    public long Republished { get; private set; }

    public int Reconnects { get; private set; }

    /// <summary>Publishes every batch in order and returns when all are confirmed.</summary>
    public async Task PublishAllAsync(IAsyncEnumerable<EventBatch> batches, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batches);
        await foreach (var batch in batches.WithCancellation(ct).ConfigureAwait(false))
        {
            await WaitForWindowSpaceAsync(ct).ConfigureAwait(false);
            byte[] body = batch.ToByteArray();
            lock (_gate)
            {
                _window.AddLast((batch.Sequence, body));
            }

            await SendAsync(batch.Sequence, body, ct).ConfigureAwait(false);
        }

        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_window.Count == 0)
                {
                    return;
                }

                signal = _windowChanged.Task;
            }

            await RecoverIfBrokenAsync(ct).ConfigureAwait(false);
            await Task.WhenAny(signal, Task.Delay(200, ct)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
    }

    private async Task WaitForWindowSpaceAsync(CancellationToken ct)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_window.Count < _maxInFlight)
                {
                    return;
                }

                signal = _windowChanged.Task;
            }

            await RecoverIfBrokenAsync(ct).ConfigureAwait(false);
            await Task.WhenAny(signal, Task.Delay(200, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
    }

    private async Task SendAsync(ulong sequence, byte[] body, CancellationToken ct)
    {
        try
        {
            await EnsureChannelAsync(ct).ConfigureAwait(false);
            await PublishOneAsync(_channel!, sequence, body, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFault(ex))
        {
            _logger.LogWarning("publish of {Camera}#{Sequence} failed: {Reason}; reconnecting", _cameraId, sequence, ex.Message);
            // The replay re-sends this batch together with the rest of the unconfirmed window, in order.
            await ReconnectAndReplayAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task PublishOneAsync(IChannel channel, ulong sequence, byte[] body, CancellationToken ct)
    {
        ulong tag = await channel.GetNextPublishSequenceNumberAsync(ct).ConfigureAwait(false);
        lock (_gate)
        {
            _tagToSequence[tag] = sequence;
        }

        var properties = new BasicProperties
        {
            DeliveryMode = DeliveryModes.Persistent,
            ContentType = "application/x-protobuf",
            Type = "spikeseg.wire.v1.EventBatch",
            Headers = new Dictionary<string, object?> { [RabbitTopology.SequenceHeader] = (long)sequence },
        };
        await channel.BasicPublishAsync("", RabbitTopology.CameraQueue(_cameraId), mandatory: true, properties, body, ct).ConfigureAwait(false);
    }

    private async Task RecoverIfBrokenAsync(CancellationToken ct)
    {
        if (_channelBroken || _channel is null || !_channel.IsOpen)
        {
            await ReconnectAndReplayAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task ReconnectAndReplayAsync(CancellationToken ct)
    {
        var backoff = Backoff.Default();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await CloseAsync().ConfigureAwait(false);
            try
            {
                await EnsureChannelAsync(ct).ConfigureAwait(false);
                List<(ulong Sequence, byte[] Body)> replay;
                lock (_gate)
                {
                    _tagToSequence.Clear();
                    replay = [.. _window];
                }

                foreach (var (sequence, body) in replay)
                {
                    await PublishOneAsync(_channel!, sequence, body, ct).ConfigureAwait(false);
                    Republished++;
                }

                Reconnects++;
                return;
            }
            catch (Exception ex) when (IsConnectionFault(ex))
            {
                var delay = backoff.Next();
                _logger.LogWarning("broker unavailable for {Camera} ({Reason}); retrying in {Delay}", _cameraId, ex.Message, delay);
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task EnsureChannelAsync(CancellationToken ct)
    {
        if (_channel is { IsOpen: true } && !_channelBroken)
        {
            return;
        }

        _channelBroken = false;
        _connection = await _factory.CreateConnectionAsync(ct).ConfigureAwait(false);
        var channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: false), ct).ConfigureAwait(false);
        channel.BasicAcksAsync += OnAckAsync;
        channel.BasicNacksAsync += OnNackAsync;
        channel.ChannelShutdownAsync += (_, _) =>
        {
            _channelBroken = true;
            Signal();
            return Task.CompletedTask;
        };
        await RabbitTopology.DeclareCameraAsync(channel, _cameraId, ct).ConfigureAwait(false);
        _channel = channel;
    }

    private Task OnAckAsync(object sender, BasicAckEventArgs e)
    {
        lock (_gate)
        {
            // Confirms may be cumulative (multiple = true): every tag up to DeliveryTag is confirmed.
            var confirmed = _tagToSequence.Where(kv => e.Multiple ? kv.Key <= e.DeliveryTag : kv.Key == e.DeliveryTag).ToList();
            foreach (var (tag, sequence) in confirmed)
            {
                _tagToSequence.Remove(tag);
                var node = _window.First;
                while (node is not null)
                {
                    if (node.Value.Sequence == sequence)
                    {
                        _window.Remove(node);
                        Confirmed++;
                        break;
                    }

                    node = node.Next;
                }
            }
        }

        Signal();
        return Task.CompletedTask;
    }

    private Task OnNackAsync(object sender, BasicNackEventArgs e)
    {
        // A nack means the broker could not take the message; the window keeps it and the next recovery resends it.
        _channelBroken = true;
        Signal();
        return Task.CompletedTask;
    }

    private void Signal()
    {
        TaskCompletionSource old;
        lock (_gate)
        {
            old = _windowChanged;
            _windowChanged = NewSignal();
        }

        old.TrySetResult();
    }

    private async Task CloseAsync()
    {
        var channel = _channel;
        var connection = _connection;
        _channel = null;
        _connection = null;
        try
        {
            if (channel is not null)
            {
                await channel.DisposeAsync().ConfigureAwait(false);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsConnectionFault(ex))
        {
            _logger.LogDebug("closing a broken connection: {Reason}", ex.Message);
        }
    }

    internal static bool IsConnectionFault(Exception ex) =>
        ex is BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException or System.Net.Sockets.SocketException or IOException or PublishException or ConnectFailureException;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
