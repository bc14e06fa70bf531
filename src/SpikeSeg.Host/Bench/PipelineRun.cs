using System.Diagnostics;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Engine;
using SpikeSeg.Streaming.Pipeline;

namespace SpikeSeg.Host.Bench;

/// <summary>
/// One stream through the live actor pipeline (binner on the feeding thread, one actor per layer and one for the
/// segmenter, bounded mailboxes), so the layers of a single stream run on several threads at once. Latency is
/// per step from the start of feeding the packet that closes it to its frame leaving the pipeline, queueing
/// included. Allocation and CPU time are the whole process's (actors, channels and GC included).
/// </summary>
public static class PipelineRun
{
    public static StreamFigures Run(NetworkSpec spec, EngineOptions options, BenchInput input) =>
        RunAsync(spec, options, input).GetAwaiter().GetResult();

    private static async Task<StreamFigures> RunAsync(NetworkSpec spec, EngineOptions options, BenchInput input)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(input);
        var packets = input.Packets;
        // Per packet: its last timestamp (known up front) and when feeding it began (written before it is fed).
        var lastUs = packets.Select(p => p.Count == 0 ? long.MinValue : p.TimestampUs[^1]).ToArray();
        var fedAt = new long[packets.Count];
        var latencies = new List<long>(capacity: (int)Math.Min((input.DurationUs / spec.Input.StepUs) + 16, 50_000_000));
        var pipeline = SegmentationPipeline.Start(spec, options, new PipelineOptions(), originUs: input.FirstUs);
        await using (pipeline.ConfigureAwait(false))
        {
            long steps = 0;
            var drain = Task.Run(async () =>
            {
                int closing = 0;
                await foreach (var frame in pipeline.Frames.ReadAllAsync().ConfigureAwait(false))
                {
                    long now = Stopwatch.GetTimestamp();
                    steps++;
                    // The step [start, end) closes with the first event at or after its end: in the first packet reaching it.
                    while (closing < lastUs.Length && lastUs[closing] < frame.TEndUs)
                    {
                        closing++;
                    }

                    long fed = closing < fedAt.Length ? Volatile.Read(ref fedAt[closing]) : 0;
                    if (fed != 0)
                    {
                        latencies.Add(now - fed);
                    }
                }
            });

            int warmupPackets = (int)(packets.Count * StreamRun.WarmupFraction);
            long allocStart = 0;
            long stepsAtSteady = 0;
            using var self = Process.GetCurrentProcess();
            var cpuStart = self.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < packets.Count; i++)
            {
                if (i == warmupPackets)
                {
                    stepsAtSteady = Volatile.Read(ref steps);
                    allocStart = GC.GetTotalAllocatedBytes(precise: false);
                }

                Volatile.Write(ref fedAt[i], Stopwatch.GetTimestamp());
                await pipeline.FeedAsync(packets[i]).ConfigureAwait(false);
            }

            long allocEnd = GC.GetTotalAllocatedBytes(precise: false);
            long stepsAtEnd = Volatile.Read(ref steps);
            await pipeline.CompleteAsync().ConfigureAwait(false);
            await drain.ConfigureAwait(false);
            double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            self.Refresh();
            double cpu = (self.TotalProcessorTime - cpuStart).TotalSeconds;
            long steadySteps = stepsAtEnd - stepsAtSteady;
            double allocPerStep = steadySteps > 0 ? (allocEnd - allocStart) / (double)steadySteps : 0;
            latencies.Sort();
            double Quantile(double q) => latencies.Count == 0 ? 0 : latencies[(int)Math.Min(latencies.Count - 1, q * latencies.Count)] * 1e6 / Stopwatch.Frequency;
            var stages = new StageSeconds(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
            // Stage times belong to the actors' threads and are not split here; skipped unravels are not reported by the bench.
            return new StreamFigures(input.Events, steps, wall, Quantile(0.5), Quantile(0.99), allocPerStep, SkippedUnravels: 0, stages, cpu, Spikes: null);
        }
    }
}
