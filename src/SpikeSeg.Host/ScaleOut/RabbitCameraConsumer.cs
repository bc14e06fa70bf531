using Google.Protobuf;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using SpikeSeg.Core;
using SpikeSeg.Streaming.Wire;

namespace SpikeSeg.Host.ScaleOut;

/// <summary>
/// Consumes one camera's queue as a single-active consumer: prefetch is the backpressure bound; a batch is
/// acknowledged only after its results were published to the results exchange and confirmed (at-least-once);
/// batches at or below the last processed sequence are acknowledged without reprocessing (effectively once);
/// a malformed batch is republished to the dead-letter exchange with a reason header, then acknowledged.
/// Connection loss → reconnect with backoff; unacknowledged batches come back as redeliveries.
/// </summary>
public sealed class RabbitCameraConsumer
{
    private readonly ConnectionFactory _factory;
    private readonly string _cameraId;
    private readonly ushort _prefetch;
    private readonly ICameraProcessor _processor;
    private readonly ILogger _logger;
    private ulong? _lastSequence;
    private bool _started;

    public RabbitCameraConsumer(Uri broker, string cameraId, ushort prefetch, ICameraProcessor processor, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(processor);
        _factory = new ConnectionFactory { Uri = broker, AutomaticRecoveryEnabled = false, ClientProvidedName = "spikeseg-consume-" + cameraId };
        _cameraId = cameraId;
        _prefetch = prefetch == 0 ? (ushort)1 : prefetch;
        _processor = processor;
        _logger = logger;
    }

    public ConsumerCounters Counters { get; } = new();

    /// <summary>Set once this consumer became the active one and received its first delivery.</summary>
    public bool IsActive { get; private set; }

    /// <summary>Completes when a batch with end_of_stream was processed.</summary>
    public Task EndOfStream => _endOfStream.Task;

    private readonly TaskCompletionSource _endOfStream = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs until cancelled or until the end-of-stream batch was committed; reconnects on broker failures.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = Backoff.Default();
        while (!ct.IsCancellationRequested && !_endOfStream.Task.IsCompleted)
        {
            try
            {
                await RunConnectionAsync(ct).ConfigureAwait(false);
                backoff.Reset();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (RabbitEventPublisher.IsConnectionFault(ex))
            {
                Counters.AddReconnect();
                var delay = backoff.Next();
                _logger.LogWarning("consumer of {Camera} lost the broker ({Reason}); reconnecting in {Delay}", _cameraId, ex.Message, delay);
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task RunConnectionAsync(CancellationToken ct)
    {
        await using var connection = await _factory.CreateConnectionAsync(ct).ConfigureAwait(false);
        await using var consume = await connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
        await using var publish = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct).ConfigureAwait(false);
        await RabbitTopology.DeclareCameraAsync(consume, _cameraId, ct).ConfigureAwait(false);
        await RabbitTopology.DeclareResultsAsync(consume, ct).ConfigureAwait(false);
        await consume.BasicQosAsync(0, _prefetch, global: false, ct).ConfigureAwait(false);

        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionShutdownAsync += (_, e) =>
        {
            closed.TrySetException(new IOException($"connection closed: {e.ReplyText}"));
            return Task.CompletedTask;
        };

        var consumer = new AsyncEventingBasicConsumer(consume);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            try
            {
                await HandleAsync(consume, publish, delivery, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (RabbitEventPublisher.IsConnectionFault(ex) || ex is OperationCanceledException)
            {
                // Unacknowledged: the broker redelivers it to whoever consumes next.
                closed.TrySetException(ex);
            }
        };
        await consume.BasicConsumeAsync(RabbitTopology.CameraQueue(_cameraId), autoAck: false, consumer, ct).ConfigureAwait(false);
        await Task.WhenAny(closed.Task, _endOfStream.Task, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (closed.Task.IsFaulted && !_endOfStream.Task.IsCompleted)
        {
            await closed.Task.ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(IChannel consume, IChannel publish, BasicDeliverEventArgs delivery, CancellationToken ct)
    {
        IsActive = true;
        if (!_started)
        {
            // Only now is this host the camera's active consumer: the processor loads the newest model here.
            _started = true;
            _lastSequence = _processor.LastSequence;
        }

        EventBatch batch;
        try
        {
            batch = EventBatchCodec.Parse(delivery.Body.Span);
            if (batch.CameraId != _cameraId)
            {
                throw new InvalidInputException($"event batch #{batch.Sequence}: camera '{batch.CameraId}' on the queue of camera '{_cameraId}'");
            }
        }
        catch (InvalidInputException ex)
        {
            await DeadLetterAsync(publish, delivery, ex.Message, ct).ConfigureAwait(false);
            await consume.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct).ConfigureAwait(false);
            Counters.AddDeadLettered();
            return;
        }

        if (_lastSequence is ulong last && batch.Sequence <= last)
        {
            await consume.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct).ConfigureAwait(false);
            Counters.AddDuplicate();
            return;
        }

        ulong expected = _lastSequence is ulong l ? l + 1 : 0;
        if (batch.Sequence > expected)
        {
            Counters.AddGaps((long)(batch.Sequence - expected));
        }

        var results = await _processor.ProcessAsync(batch, ct).ConfigureAwait(false);
        var properties = new BasicProperties
        {
            DeliveryMode = DeliveryModes.Persistent,
            ContentType = "application/x-protobuf",
            Type = "spikeseg.wire.v1.FrameBatch",
            Headers = new Dictionary<string, object?> { [RabbitTopology.SequenceHeader] = (long)batch.Sequence },
        };
        // With confirmation tracking on, this completes only when the broker has confirmed the results.
        await publish.BasicPublishAsync(RabbitTopology.ResultsExchange, _cameraId, mandatory: false, properties, results.ToByteArray(), ct).ConfigureAwait(false);
        await consume.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct).ConfigureAwait(false);
        _lastSequence = batch.Sequence;
        Counters.AddProcessed();
        await _processor.CommittedAsync(batch.Sequence, ct).ConfigureAwait(false);
        if (batch.EndOfStream)
        {
            _endOfStream.TrySetResult();
        }
    }

    private async Task DeadLetterAsync(IChannel publish, BasicDeliverEventArgs delivery, string reason, CancellationToken ct)
    {
        _logger.LogWarning("dead-lettering a message of camera {Camera}: {Reason}", _cameraId, reason);
        var properties = new BasicProperties
        {
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?>
            {
                [RabbitTopology.ReasonHeader] = reason,
                ["x-spikeseg-camera"] = _cameraId,
            },
        };
        await publish.BasicPublishAsync(RabbitTopology.DeadLetterExchange, "", mandatory: false, properties, delivery.Body, ct).ConfigureAwait(false);
    }
}
