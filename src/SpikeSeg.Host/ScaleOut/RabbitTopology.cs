using RabbitMQ.Client;

namespace SpikeSeg.Host.ScaleOut;

/// <summary>
/// Names and arguments of everything SpikeSeg declares on the broker (docs/scale-out.md). Declarations are
/// idempotent, so every publisher and consumer declares what it uses on each (re)connection.
/// </summary>
public static class RabbitTopology
{
    public const string ResultsExchange = "spikeseg.results";
    public const string DeadLetterExchange = "spikeseg.dead";
    public const string DeadLetterQueue = "spikeseg.dead";
    public const string ReasonHeader = "x-spikeseg-reason";
    public const string SequenceHeader = "x-spikeseg-sequence";

    /// <summary>The durable quorum queue of one camera.</summary>
    public static string CameraQueue(string cameraId) => "spikeseg.events." + cameraId;

    public static async Task DeclareCameraAsync(IChannel channel, string cameraId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await DeclareDeadLetterAsync(channel, ct).ConfigureAwait(false);
        var arguments = new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            // One consumer at a time per camera: order is kept, and a standby host takes over when it dies.
            ["x-single-active-consumer"] = true,
        };
        await channel.QueueDeclareAsync(CameraQueue(cameraId), durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: ct).ConfigureAwait(false);
    }

    public static async Task DeclareResultsAsync(IChannel channel, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await channel.ExchangeDeclareAsync(ResultsExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct).ConfigureAwait(false);
    }

    public static async Task DeclareDeadLetterAsync(IChannel channel, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct).ConfigureAwait(false);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct).ConfigureAwait(false);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, routingKey: "", cancellationToken: ct).ConfigureAwait(false);
    }
}
