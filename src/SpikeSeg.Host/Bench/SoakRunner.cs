using System.Diagnostics;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Encoding;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Live;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Host.Bench;

/// <summary>
/// A paced live run: a producer thread releases each synthetic 10 ms chunk when the wall clock reaches its end
/// (as a camera would) into a shedding queue; this thread bins, runs the network with learning and segments.
/// Falling behind shows as lag and, once the queue is full, as shed packets.
/// </summary>
public static class SoakRunner
{
    private const int QueuePackets = 256;
    private const double MemorySampleEveryS = 10;

    public static SoakFigures Run(NetworkSpec spec, EngineOptions options, string scene, double minutes, ulong seed, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        var sceneOptions = SkyScenes.Create(scene, minutes * 60, seed);
        options = options with { Sensor = sceneOptions.Sensor, FrameLifetime = FrameLifetime.ReusedUntilNextStep };
        var engine = new SpikeSegEngine(spec, options, IgnoreFrame);
        var binner = new StepBinner(StepBinnerOptions.FromInput(spec.Input, options.Sensor, 0));
        long expectedSteps = (sceneOptions.DurationUs / spec.Input.StepUs) + 16;
        var sink = new StepTimingSink(engine, (int)Math.Min(expectedSteps, 50_000_000));
        var pool = new EventPacketPool(QueuePackets * 2, 1 << 14);
        var queue = new SheddingPacketQueue(QueuePackets, ShedPolicy.DropOldest, pool);
        var memory = new List<SoakMemorySample>();
        var clock = Stopwatch.StartNew();
        long generated = 0;

        var producer = new Thread(() =>
        {
            var generator = new SkySceneGenerator(sceneOptions);
            var chunk = new SyntheticChunk();
            while (generator.TryFill(chunk))
            {
                WaitUntil(clock, chunk.EndUs);
                var packet = pool.Rent();
                packet.CopyFrom(chunk.Events, 0, chunk.Events.Count);
                generated += chunk.Events.Count;
                queue.TryWrite(packet);
            }

            queue.Complete();
        })
        { IsBackground = true, Name = "soak-source" };
        producer.Start();

        double busyS = 0, maxLagMs = 0, nextSampleS = MemorySampleEveryS;
        while (queue.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (queue.TryRead(out var packet))
            {
                long busyStart = Stopwatch.GetTimestamp();
                long sceneEndUs = packet.Count > 0 ? packet.LastTimestampUs : 0;
                binner.Add(packet, sink);
                pool.Return(packet);
                busyS += Stopwatch.GetElapsedTime(busyStart).TotalSeconds;
                maxLagMs = Math.Max(maxLagMs, (clock.Elapsed.TotalMilliseconds) - (sceneEndUs / 1000.0));

                // Checked per packet: a consumer that falls behind never leaves this loop, and must still sample.
                nextSampleS = SampleIfDue(clock, nextSampleS, memory, console, maxLagMs, queue.EventsShed);
            }

            nextSampleS = SampleIfDue(clock, nextSampleS, memory, console, maxLagMs, queue.EventsShed);
        }

        binner.Flush(sink);
        producer.Join();
        memory.Add(Sample(clock.Elapsed.TotalSeconds));
        return new SoakFigures(
            minutes, generated, queue.EventsDelivered, queue.EventsShed, queue.PacketsShed, engine.Segmenter.SkippedUnravels,
            engine.Statistics.StepsSkippedInGaps, sink.Steps, busyS / clock.Elapsed.TotalSeconds, maxLagMs,
            sink.QuantileUs(0.5), sink.QuantileUs(0.99), BenchRunner.PeakRssMb(), memory);
    }

    /// <summary>One memory sample when the next 10 s mark has passed; returns the mark after it (missed marks are not replayed).</summary>
    private static double SampleIfDue(Stopwatch clock, double nextSampleS, List<SoakMemorySample> memory, TextWriter console, double maxLagMs, long shed)
    {
        double now = clock.Elapsed.TotalSeconds;
        if (now < nextSampleS)
        {
            return nextSampleS;
        }

        var sample = Sample(now);
        memory.Add(sample);
        console.WriteLine($"soak t={sample.ElapsedS:F0}s rss={sample.RssMb:F1} MB heap={sample.ManagedHeapMb:F1} MB gen2={sample.Gen2Collections} lag={maxLagMs:F1} ms shed={shed}");
        return (Math.Floor(now / MemorySampleEveryS) + 1) * MemorySampleEveryS;
    }

    private static SoakMemorySample Sample(double elapsedS)
    {
        using var self = Process.GetCurrentProcess();
        return new SoakMemorySample(elapsedS, self.WorkingSet64 / (1024.0 * 1024.0), GC.GetTotalMemory(false) / (1024.0 * 1024.0), GC.CollectionCount(2));
    }

    /// <summary>Paces the source: sleeps while far from the release time, then yields.</summary>
    private static void WaitUntil(Stopwatch clock, long sceneUs)
    {
        while (true)
        {
            double aheadMs = (sceneUs / 1000.0) - clock.Elapsed.TotalMilliseconds;
            if (aheadMs <= 0)
            {
                return;
            }

            Thread.Sleep(aheadMs > 2 ? 1 : 0);
        }
    }

    private static void IgnoreFrame(SegmentationFrame frame)
    {
    }
}
