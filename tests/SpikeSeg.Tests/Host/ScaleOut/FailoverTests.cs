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
    [Theory]
    [InlineData("worker")]
    [InlineData("run")]
    public async Task StandbyTakesOverAfterSigkillWithoutLosingOrDuplicatingABatch(string role)
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
            string[] Args(int index) => role == "worker"
                ? ["worker", "--broker", node.AmqpUri.ToString(), "--camera", Camera, "--checkpoints", checkpoints, "--learn", "--checkpoint-every", "50", "--prefetch", "8"]
                : ["run", "--config", RunConfig(dir, index, node.AmqpUri, Camera, checkpoints)];
            Func<string, bool> waiting = role == "worker"
                ? l => l.Contains("waiting to become", StringComparison.Ordinal)
                : l => l.Contains("Now listening on", StringComparison.Ordinal);
            Func<string, bool> activeLine = role == "worker"
                ? l => l.Contains("active;", StringComparison.Ordinal)
                : l => l.Contains("is the active consumer", StringComparison.Ordinal);
            using var active = SpikeSegProcess.Start(Args(0));
            await active.WaitForLineAsync(waiting, TimeSpan.FromSeconds(60));
            using var standby = SpikeSegProcess.Start(Args(1));
            await standby.WaitForLineAsync(waiting, TimeSpan.FromSeconds(60));

            int total;
            await using (var publisher = new RabbitEventPublisher(node.AmqpUri, Camera, 64, NullLogger.Instance))
            {
                using var reader = EventReaders.Open(sky);
                var batches = PublishCommand.Batches(reader, Camera, SensorGeometry.Davis240C, 10_000, realtime: false, _ => { }, CancellationToken.None);
                await publisher.PublishAllAsync(batches, CancellationToken.None);
                total = (int)publisher.Confirmed;
            }

            // Kill the active worker once it has committed a good part of the stream and written checkpoints.
            await active.WaitForLineAsync(activeLine, TimeSpan.FromSeconds(60));
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline && (Count(results) < total / 3 || !(Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "*.spikeseg", SearchOption.AllDirectories).Any())))
            {
                await Task.Delay(50);
            }

            Assert.True(Count(results) < total, "the active worker must be killed mid-stream");
            active.KillHard();

            string takeover = await standby.WaitForLineAsync(activeLine, TimeSpan.FromSeconds(60));
            Assert.Matches(role == "worker" ? "resumed from checkpoint at sequence [1-9]" : "resumed from batch [1-9]", takeover);
            if (role == "worker")
            {
                Assert.Equal(0, await standby.WaitForExitAsync(TimeSpan.FromSeconds(180)));
            }

            while (Count(results) < total && DateTime.UtcNow < deadline.AddSeconds(120))
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

    /// <summary>A `spikeseg run` configuration with one RabbitMQ camera stream and a shared checkpoint folder.</summary>
    private static string RunConfig(string dir, int index, Uri broker, string camera, string checkpoints)
    {
        string path = Path.Combine(dir, $"run-{index}.json");
        File.WriteAllText(path, $$"""
            {
              "Http": { "Urls": "http://127.0.0.1:{{FreePort.Next()}}" },
              "Checkpoints": { "Enabled": true, "Directory": "{{checkpoints}}", "IntervalSeconds": 3600, "Keep": 3 },
              "Streams": {
                "camera": {
                  "Preset": "sda",
                  "Learn": true,
                  "FramesFile": "{{Path.Combine(dir, $"frames-{index}.jsonl")}}",
                  "Source": { "Type": "RabbitMq", "Broker": "{{broker}}", "Camera": "{{camera}}", "Prefetch": 8, "CheckpointEveryBatches": 50 }
                }
              }
            }
            """);
        return path;
    }

    private static int Count(List<FrameBatch> results)
    {
        lock (results)
        {
            return results.Count;
        }
    }
}
