namespace SpikeSeg.Host.Bench;

/// <summary>The reported figures of one configuration (all streams together; medians over repeats).</summary>
public sealed record BenchFigures(
    double EventsPerS,
    double StepsPerS,
    double RealtimeFactor,
    double LatencyP50Us,
    double LatencyP99Us,
    double PeakRssMb,
    double AllocBytesPerStep,
    double WallSeconds,
    StageSeconds Stages,
    double EventsPerCpuS,
    LayerSpikes? Spikes)
{
    /// <summary>All streams of one run: throughput summed over streams, wall time of the slowest, worst latencies, the first stream's stage times.</summary>
    public static BenchFigures FromStreams(IReadOnlyList<StreamFigures> streams, long sceneUs, double peakRssMb)
    {
        ArgumentNullException.ThrowIfNull(streams);
        double wall = streams.Max(s => s.WallSeconds);
        double events = streams.Sum(s => (double)s.Events);
        double steps = streams.Sum(s => (double)s.Steps);
        return new BenchFigures(
            events / wall,
            steps / wall,
            sceneUs * 1e-6 / wall,
            streams.Max(s => s.LatencyP50Us),
            streams.Max(s => s.LatencyP99Us),
            peakRssMb,
            streams.Max(s => s.AllocBytesPerStep),
            wall,
            streams[0].Stages,
            events / streams.Sum(s => s.CpuSeconds),
            streams[0].Spikes);
    }

    /// <summary>Per-figure medians over repeated runs.</summary>
    public static BenchFigures Median(IReadOnlyList<BenchFigures> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return new BenchFigures(
            Medians.Of(runs, r => r.EventsPerS),
            Medians.Of(runs, r => r.StepsPerS),
            Medians.Of(runs, r => r.RealtimeFactor),
            Medians.Of(runs, r => r.LatencyP50Us),
            Medians.Of(runs, r => r.LatencyP99Us),
            runs.Max(r => r.PeakRssMb),
            Medians.Of(runs, r => r.AllocBytesPerStep),
            Medians.Of(runs, r => r.WallSeconds),
            StageSeconds.Median([.. runs.Select(r => r.Stages)]),
            Medians.Of(runs, r => r.EventsPerCpuS),
            LayerSpikes.Median([.. runs.Select(r => r.Spikes)]));
    }
}
