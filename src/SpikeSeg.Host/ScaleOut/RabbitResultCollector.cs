using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using SpikeSeg.Streaming.Wire;

namespace SpikeSeg.Host.ScaleOut;

/// <summary>
/// Gathers results in one place: a durable quorum queue bound to the results exchange (routing key = camera id
/// or a pattern), acknowledging after the handler ran, and dropping a (camera, sequence) it has already seen —
/// results are published at least once, so this is where they become exactly once.
/// </summary>
/// <remarks>
/// The queue has a single active consumer. Without it, a collector that reconnects after a broker restart can
/// be handed newer results while the ones its previous connection held unacknowledged are still being returned;
/// those then arrive behind a higher sequence and the watermark would drop them as duplicates (seen in CI).
/// With a single active consumer the broker returns them before the new consumer is activated, so each camera's
/// results keep their publication order.
/// </remarks>
public sealed class RabbitResultCollector
{
    private readonly ConnectionFactory _factory;
    private readonly string _queue;
    private readonly string _bindingKey;
    private readonly Func<FrameBatch, CancellationToken, ValueTask> _handler;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ulong> _lastByCamera = [];

    public RabbitResultCollector(Uri broker, string queueName, string bindingKey, Func<FrameBatch, CancellationToken, ValueTask> handler, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _factory = new ConnectionFactory { Uri = broker, AutomaticRecoveryEnabled = false, ClientProvidedName = "spikeseg-collect" };
        _queue = queueName;
        _bindingKey = bindingKey;
        _handler = handler;
        _logger = logger;
    }

    public long Delivered { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>Declares the queue and binding (so results published before <see cref="RunAsync"/> are kept).</summary>
    public async Task DeclareAsync(CancellationToken ct)
    {
        await using var connection = await _factory.CreateConnectionAsync(ct).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
        await DeclareAsync(channel, ct).ConfigureAwait(false);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = Backoff.Default();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _factory.CreateConnectionAsync(ct).ConfigureAwait(false);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
                await DeclareAsync(channel, ct).ConfigureAwait(false);
                await channel.BasicQosAsync(0, 256, global: false, ct).ConfigureAwait(false);
                var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                connection.ConnectionShutdownAsync += (_, e) =>
                {
                    closed.TrySetResult();
                    return Task.CompletedTask;
                };
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += async (_, delivery) =>
                {
                    try
                    {
                        var batch = FrameBatch.Parser.ParseFrom(delivery.Body.Span);
                        if (_lastByCamera.TryGetValue(batch.CameraId, out ulong last) && batch.Sequence <= last)
                        {
                            Duplicates++;
                        }
                        else
                        {
                            _lastByCamera[batch.CameraId] = batch.Sequence;
                            Delivered++;
                            await _handler(batch, ct).ConfigureAwait(false);
                        }

                        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (RabbitEventPublisher.IsConnectionFault(ex) || ex is OperationCanceledException)
                    {
                        closed.TrySetResult();
                    }
                };
                await channel.BasicConsumeAsync(_queue, autoAck: false, consumer, ct).ConfigureAwait(false);
                backoff.Reset();
                await Task.WhenAny(closed.Task, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (RabbitEventPublisher.IsConnectionFault(ex))
            {
                var delay = backoff.Next();
                _logger.LogWarning("result collector lost the broker ({Reason}); reconnecting in {Delay}", ex.Message, delay);
                try
                {
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task DeclareAsync(IChannel channel, CancellationToken ct)
    {
        await RabbitTopology.DeclareResultsAsync(channel, ct).ConfigureAwait(false);
        await channel.QueueDeclareAsync(_queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum", ["x-single-active-consumer"] = true }, cancellationToken: ct).ConfigureAwait(false);
        await channel.QueueBindAsync(_queue, RabbitTopology.ResultsExchange, _bindingKey, cancellationToken: ct).ConfigureAwait(false);
    }
}
