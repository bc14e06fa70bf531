using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using SpikeSeg.Host.ScaleOut;
using SpikeSeg.Streaming.Wire;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.ScaleOut;

/// <summary>Publisher → camera queue → consumer → results exchange → collector, against a real broker.</summary>
public sealed class DeliveryGuaranteeTests
{
    private static async Task<(List<FrameBatch> Results, RabbitCameraConsumer Consumer, RabbitEventPublisher Publisher)> RunAsync(
        RabbitMqNode node, string camera, int batches, Func<ulong, Task>? onYield, CancellationToken ct)
    {
        var results = new List<FrameBatch>();
        var collector = new RabbitResultCollector(node.AmqpUri, "results-" + camera, camera, (b, _) =>
        {
            lock (results)
            {
                results.Add(b);
            }

            return ValueTask.CompletedTask;
        }, NullLogger.Instance);
        await collector.DeclareAsync(ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var collecting = collector.RunAsync(stop.Token);
        var consumer = new RabbitCameraConsumer(node.AmqpUri, camera, 16, new CountingProcessor(), NullLogger.Instance);
        var consuming = consumer.RunAsync(stop.Token);
        await using var publisher = new RabbitEventPublisher(node.AmqpUri, camera, 32, NullLogger.Instance);
        await publisher.PublishAllAsync(ScaleOutData.Batches(camera, batches, onYield), ct);
        await consumer.EndOfStream.WaitAsync(TimeSpan.FromSeconds(120), ct);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            lock (results)
            {
                if (results.Count >= batches)
                {
                    break;
                }
            }

            await Task.Delay(50, ct);
        }

        await stop.CancelAsync();
        await Task.WhenAll(collecting, consuming);
        return (results, consumer, publisher);
    }

    /// <summary>A compact picture of a result sequence for a failure message: runs like 0-99,101-299.</summary>
    private static string Describe(List<FrameBatch> results)
    {
        var runs = new List<string>();
        for (int i = 0; i < results.Count;)
        {
            int j = i;
            while (j + 1 < results.Count && results[j + 1].Sequence == results[j].Sequence + 1)
            {
                j++;
            }

            runs.Add(i == j ? $"{results[i].Sequence}" : $"{results[i].Sequence}-{results[j].Sequence}");
            i = j + 1;
        }

        return $"{results.Count} ({string.Join(',', runs)})";
    }

    [Fact]
    public async Task EverySequenceArrivesExactlyOnceInOrder()
    {
        await using var node = await RabbitMqNode.StartAsync();
        var (results, consumer, _) = await RunAsync(node, "cam-a", 200, null, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (ulong)i), results.Select(r => r.Sequence));
        Assert.All(results, r => Assert.Equal(10u, r.EventsProcessed));
        Assert.Equal(200, consumer.Counters.Processed);
        Assert.Equal(0, consumer.Counters.Gaps);
    }

    [Fact]
    public async Task BrokerRestartLosesAndDuplicatesNothing()
    {
        await using var node = await RabbitMqNode.StartAsync();
        Task? restart = null;
        var (results, consumer, publisher) = await RunAsync(node, "cam-r", 300, async s =>
        {
            if (s == 100)
            {
                // The broker goes down with batches in flight; the publisher keeps producing into the outage.
                await node.StopAsync();
                restart = Task.Run(node.StartAsync);
            }
        }, CancellationToken.None);
        Assert.NotNull(restart);
        await restart!;
        Assert.True(results.Select(r => r.Sequence).SequenceEqual(Enumerable.Range(0, 300).Select(i => (ulong)i)),
            $"results {Describe(results)}; consumer: {consumer.Counters.Processed} processed, {consumer.Counters.Duplicates} duplicates, {consumer.Counters.Gaps} gaps");
        Assert.True(publisher.Reconnects >= 1, "the publisher should have reconnected");
        Assert.True(consumer.Counters.Reconnects >= 1, "the consumer should have reconnected");
        Assert.Equal(0, consumer.Counters.Gaps);
    }

    [Fact]
    public async Task ResultsHeldByADeadCollectorConnectionComeBackBeforeNewerOnes()
    {
        await using var node = await RabbitMqNode.StartAsync();
        const string camera = "cam-o";
        string queue = "results-" + camera;
        var seen = new List<ulong>();
        var collector = new RabbitResultCollector(node.AmqpUri, queue, camera, (b, _) =>
        {
            lock (seen)
            {
                seen.Add(b.Sequence);
            }

            return ValueTask.CompletedTask;
        }, NullLogger.Instance);
        await collector.DeclareAsync(CancellationToken.None);
        var factory = new ConnectionFactory { Uri = node.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using (var publish = await connection.CreateChannelAsync(new CreateChannelOptions(true, true)))
        {
            for (ulong s = 0; s < 5; s++)
            {
                var result = new FrameBatch { CameraId = camera, Sequence = s, EventsProcessed = 1 };
                await publish.BasicPublishAsync(RabbitTopology.ResultsExchange, camera, Google.Protobuf.MessageExtensions.ToByteArray(result));
            }
        }

        // An earlier connection of the collector holds result 0 unacknowledged (as when the broker went down).
        var holder = await connection.CreateChannelAsync();
        await holder.BasicQosAsync(0, 1, global: false);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new RabbitMQ.Client.Events.AsyncEventingBasicConsumer(holder);
        holding.ReceivedAsync += (_, _) =>
        {
            held.TrySetResult();
            return Task.CompletedTask;
        };
        await holder.BasicConsumeAsync(queue, autoAck: false, holding);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = collector.RunAsync(cts.Token);
        // Both consumers registered (a waiting single-active consumer is listed too, unlike in ConsumerCount).
        while ((await node.CtlAsync("list_consumers", "-q", "queue_name")).Split('\n').Count(l => l.Trim() == queue) < 2)
        {
            await Task.Delay(100, cts.Token);
        }

        // The old connection dies; its unacknowledged result goes back to the queue.
        await holder.CloseAsync();
        while (collector.Delivered + collector.Duplicates < 5)
        {
            await Task.Delay(20, cts.Token);
        }

        await cts.CancelAsync();
        await running;
        Assert.Equal([0UL, 1UL, 2UL, 3UL, 4UL], seen);
        Assert.Equal(0, collector.Duplicates);
    }

    [Fact]
    public async Task PoisonMessageIsDeadLetteredWithAReasonAndTheStreamContinues()
    {
        await using var node = await RabbitMqNode.StartAsync();
        const string camera = "cam-p";
        var factory = new ConnectionFactory { Uri = node.AmqpUri };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true)))
        {
            await RabbitTopology.DeclareCameraAsync(channel, camera);
            await channel.BasicPublishAsync("", RabbitTopology.CameraQueue(camera), ScaleOutData.Bytes(ScaleOutData.Batch(camera, 0)));
            await channel.BasicPublishAsync("", RabbitTopology.CameraQueue(camera), new byte[] { 0xFF, 0xFF, 0xFF, 0x01 });
            var wrongColumns = ScaleOutData.Batch(camera, 1);
            wrongColumns.Count = 11;
            await channel.BasicPublishAsync("", RabbitTopology.CameraQueue(camera), ScaleOutData.Bytes(wrongColumns));
            await channel.BasicPublishAsync("", RabbitTopology.CameraQueue(camera), ScaleOutData.Bytes(ScaleOutData.Batch(camera, 1, last: true)));
        }

        var processor = new CountingProcessor();
        var consumer = new RabbitCameraConsumer(node.AmqpUri, camera, 4, processor, NullLogger.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = consumer.RunAsync(cts.Token);
        await consumer.EndOfStream.WaitAsync(cts.Token);
        await cts.CancelAsync();
        await run;

        Assert.Equal([0UL, 1UL], processor.Processed);
        Assert.Equal(2, consumer.Counters.DeadLettered);
        await using var check = await factory.CreateConnectionAsync();
        await using var ch = await check.CreateChannelAsync();
        var reasons = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            var dead = await ch.BasicGetAsync(RabbitTopology.DeadLetterQueue, autoAck: true);
            Assert.NotNull(dead);
            reasons.Add(System.Text.Encoding.UTF8.GetString((byte[])dead!.BasicProperties.Headers![RabbitTopology.ReasonHeader]!));
        }

        Assert.Contains(reasons, r => r.Contains("protobuf", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("column lengths", StringComparison.Ordinal));
    }
}
