using Microsoft.Extensions.Logging.Abstractions;
using SpikeSeg.Core.Events;
using SpikeSeg.Host.Cli;
using SpikeSeg.Host.ScaleOut;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Wire;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.ScaleOut;

/// <summary>
/// Two `spikeseg worker` processes serve one camera from a real broker; the active one is killed with SIGKILL
/// mid-stream; the standby takes over from the last checkpoint in the shared directory, and the gathered results
/// hold every input sequence number exactly once, in order.
/// </summary>
public sealed class FailoverTests
{
    [Fact]
    public async Task StandbyTakesOverAfterSigkillWithoutLosingOrDuplicatingABatch()
    {
        await using var node = await RabbitMqNode.StartAsync();
        string dir = Directory.CreateTempSubdirectory("spikeseg-failover-").FullName;
        const string Camera = "cam-f";
        try
        {
            string sky = Path.Combine(dir, "sky.raw");
            Assert.Equal(0, SpikeSegCli.Run(["synth", "--seconds", "20", "--seed", "2", "--out", sky], new StringWriter(), new StringWriter()));

            var results = new List<FrameBatch>();
            var collector = new RabbitResultCollector(node.AmqpUri, "gather-" + Camera, Camera, (b, _) =>
            {
                lock (results)
                {
                    results.Add(b);
                }

                return ValueTask.CompletedTask;
            }, NullLogger.Instance);
            await collector.DeclareAsync(CancellationToken.None);
            using var stop = new CancellationTokenSource();
            var collecting = collector.RunAsync(stop.Token);

            string checkpoints = Path.Combine(dir, "checkpoints");
            string[] worker = ["worker", "--broker", node.AmqpUri.ToString(), "--camera", Camera, "--checkpoints", checkpoints, "--learn", "--checkpoint-every", "50", "--prefetch", "8"];
            using var active = SpikeSegProcess.Start(worker);
            await active.WaitForLineAsync(l => l.Contains("waiting to become", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            using var standby = SpikeSegProcess.Start(worker);
            await standby.WaitForLineAsync(l => l.Contains("waiting to become", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

            int total;
            await using (var publisher = new RabbitEventPublisher(node.AmqpUri, Camera, 64, NullLogger.Instance))
            {
                using var reader = EventReaders.Open(sky);
                var batches = PublishCommand.Batches(reader, Camera, SensorGeometry.Davis240C, 10_000, realtime: false, _ => { }, CancellationToken.None);
                await publisher.PublishAllAsync(batches, CancellationToken.None);
                total = (int)publisher.Confirmed;
            }

            // Kill the active worker once it has committed a good part of the stream and written checkpoints.
            await active.WaitForLineAsync(l => l.Contains("active;", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline && (Count(results) < total / 3 || !Directory.EnumerateFiles(checkpoints).Any()))
            {
                await Task.Delay(50);
            }

            Assert.True(Count(results) < total, "the active worker must be killed mid-stream");
            active.KillHard();

            string takeover = await standby.WaitForLineAsync(l => l.Contains("active;", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            Assert.Contains("resumed from checkpoint at sequence", takeover, StringComparison.Ordinal);
            Assert.Equal(0, await standby.WaitForExitAsync(TimeSpan.FromSeconds(180)));
            while (Count(results) < total && DateTime.UtcNow < deadline.AddSeconds(60))
            {
                await Task.Delay(50);
            }

            await stop.CancelAsync();
            await collecting;
            List<ulong> sequences;
            lock (results)
            {
                sequences = results.Select(r => r.Sequence).ToList();
            }

            Assert.Equal(Enumerable.Range(0, total).Select(i => (ulong)i), sequences);
            Assert.True(results[^1].EndOfStream);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Count(List<FrameBatch> results)
    {
        lock (results)
        {
            return results.Count;
        }
    }
}
