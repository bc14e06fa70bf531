using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using SpikeSeg.Host.ScaleOut;
using SpikeSeg.Streaming.Wire;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.ScaleOut;

/// <summary>
/// A three-node RabbitMQ cluster on this machine (each node its own HOME, ports and data, one shared cookie);
/// the camera's quorum queue is replicated to all three; one node is killed with SIGKILL mid-stream and the run
/// completes with nothing lost or duplicated. Long (about a minute); it runs in .ci/run like every other test.
/// </summary>
public sealed class ClusterTests
{
    [Fact]
    [Trait("Duration", "Long")]
    public async Task QuorumQueueSurvivesTheLossOfOneOfThreeNodes()
    {
        string cookie = "spikeseg-test-" + Guid.NewGuid().ToString("N");
        await using var a = await RabbitMqNode.StartAsync("rabbit-a" + Guid.NewGuid().ToString("N")[..4], cookie);
        await using var b = await RabbitMqNode.StartAsync("rabbit-b" + Guid.NewGuid().ToString("N")[..4], cookie);
        await using var c = await RabbitMqNode.StartAsync("rabbit-c" + Guid.NewGuid().ToString("N")[..4], cookie);
        foreach (var node in new[] { b, c })
        {
            await node.CtlAsync("stop_app");
            await node.CtlAsync("join_cluster", a.FullNodeName);
            await node.CtlAsync("start_app");
        }

        string status = await a.CtlAsync("cluster_status");
        Assert.Contains(b.FullNodeName, status, StringComparison.Ordinal);
        Assert.Contains(c.FullNodeName, status, StringComparison.Ordinal);

        const string Camera = "cam-q";
        var factory = new ConnectionFactory { Uri = a.AmqpUri };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await RabbitTopology.DeclareCameraAsync(channel, Camera);
        }

        string members = await a.CtlAsync("list_queues", "name", "members", "--quiet");
        var line = members.Split('\n').Single(l => l.StartsWith(RabbitTopology.CameraQueue(Camera), StringComparison.Ordinal));
        Assert.Contains(a.FullNodeName, line, StringComparison.Ordinal);
        Assert.Contains(b.FullNodeName, line, StringComparison.Ordinal);
        Assert.Contains(c.FullNodeName, line, StringComparison.Ordinal);

        var results = new List<FrameBatch>();
        var collector = new RabbitResultCollector(a.AmqpUri, "gather-" + Camera, Camera, (r, _) =>
        {
            lock (results)
            {
                results.Add(r);
            }

            return ValueTask.CompletedTask;
        }, NullLogger.Instance);
        await collector.DeclareAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var collecting = collector.RunAsync(stop.Token);
        var consumer = new RabbitCameraConsumer(a.AmqpUri, Camera, 16, new CountingProcessor(), NullLogger.Instance);
        var consuming = consumer.RunAsync(stop.Token);

        const int Total = 400;
        await using (var publisher = new RabbitEventPublisher(a.AmqpUri, Camera, 32, NullLogger.Instance))
        {
            await publisher.PublishAllAsync(ScaleOutData.Batches(Camera, Total, async s =>
            {
                if (s == Total / 3)
                {
                    await c.KillAsync(); // a replica dies mid-stream
                }
            }), CancellationToken.None);
        }

        await consumer.EndOfStream.WaitAsync(TimeSpan.FromSeconds(120));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            lock (results)
            {
                if (results.Count >= Total)
                {
                    break;
                }
            }

            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await Task.WhenAll(collecting, consuming);
        lock (results)
        {
            Assert.Equal(Enumerable.Range(0, Total).Select(i => (ulong)i), results.Select(r => r.Sequence));
        }
    }
}
