using System.Diagnostics;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Encoding;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Output;

namespace SpikeSeg.Host.Bench;

/// <summary>
/// One stream: binner and engine on the calling thread over an in-memory input. The first
/// <see cref="WarmupFraction"/> of the packets warms caches, pools and the JIT; allocation per step is taken over
/// the rest (the steady state).
/// </summary>
public static class StreamRun
{
    public const double WarmupFraction = 0.2;

    /// <summary>
    /// Builds the stream's engine, binner and latency record (which allocate tens of MB) and returns the timed run.
    /// Streams that run side by side are all prepared before any starts: a stream still building its engine would
    /// otherwise trigger collections that pause the ones already running (a pause counts in their wall time, not
    /// in their CPU time).
    /// </summary>
    public static Func<StreamFigures> Prepare(NetworkSpec spec, EngineOptions options, BenchInput input)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(input);
        // Frames are ignored here, so the engine may refill one frame object (the live path allocates nothing per step).
        var times = new StageTimes(Stopwatch.GetTimestamp);
        var engine = new SpikeSegEngine(spec, options with { FrameLifetime = FrameLifetime.ReusedUntilNextStep }, IgnoreFrame) { StageTimes = times };
        var binner = new StepBinner(StepBinnerOptions.FromInput(spec.Input, options.Sensor, input.FirstUs));
        long expectedSteps = (input.DurationUs / spec.Input.StepUs) + 16;
        var sink = new StepTimingSink(engine, (int)Math.Min(expectedSteps, 50_000_000));
        return () => Run(engine, times, binner, sink, input);
    }

    private static StreamFigures Run(SpikeSegEngine engine, StageTimes times, StepBinner binner, StepTimingSink sink, BenchInput input)
    {
        int warmupPackets = (int)(input.Packets.Count * WarmupFraction);
        long? cpuStart = ThreadCpuClock.NowNs();
        long start = Stopwatch.GetTimestamp();
        long allocStart = 0, stepsAtSteady = 0;
        for (int i = 0; i < input.Packets.Count; i++)
        {
            if (i == warmupPackets)
            {
                stepsAtSteady = sink.Steps;
                allocStart = GC.GetAllocatedBytesForCurrentThread();
            }

            binner.Add(input.Packets[i], sink);
        }

        long allocEnd = GC.GetAllocatedBytesForCurrentThread();
        long steadySteps = sink.Steps - stepsAtSteady;
        binner.Flush(sink);
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long? cpuEnd = ThreadCpuClock.NowNs();
        double cpu = cpuStart is { } c0 && cpuEnd is { } c1 ? (c1 - c0) * 1e-9 : double.NaN;
        double allocPerStep = steadySteps > 0 ? (allocEnd - allocStart) / (double)steadySteps : 0;
        return new StreamFigures(input.Events, sink.Steps, wall, sink.QuantileUs(0.5), sink.QuantileUs(0.99), allocPerStep, engine.Segmenter.SkippedUnravels, Stages(times, wall), cpu,
            new LayerSpikes(engine.Statistics.Conv1Spikes, engine.Statistics.Conv2Spikes, engine.Statistics.Conv3Spikes));
    }

    private static StageSeconds Stages(StageTimes times, double wallSeconds)
    {
        double Seconds(EngineStage stage) => times.Ticks(stage) / (double)Stopwatch.Frequency;
        double conv1 = Seconds(EngineStage.Conv1), conv2 = Seconds(EngineStage.Conv2), conv3 = Seconds(EngineStage.Conv3);
        double segmenter = Seconds(EngineStage.Segmenter), windowEnd = Seconds(EngineStage.WindowEnd);
        return new StageSeconds(wallSeconds - conv1 - conv2 - conv3 - segmenter - windowEnd, conv1, conv2, conv3, segmenter, windowEnd);
    }

    private static void IgnoreFrame(SegmentationFrame frame)
    {
    }
}
