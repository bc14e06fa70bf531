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
    double EventsPerCpuS)
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
            events / streams.Sum(s => s.CpuSeconds));
    }

    /// <summary>Per-figure medians over repeated runs.</summary>
    public static BenchFigures Median(IReadOnlyList<BenchFigures> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return new BenchFigures(
            Med(runs, r => r.EventsPerS),
            Med(runs, r => r.StepsPerS),
            Med(runs, r => r.RealtimeFactor),
            Med(runs, r => r.LatencyP50Us),
            Med(runs, r => r.LatencyP99Us),
            runs.Max(r => r.PeakRssMb),
            Med(runs, r => r.AllocBytesPerStep),
            Med(runs, r => r.WallSeconds),
            StageSeconds.Median([.. runs.Select(r => r.Stages)]),
            Med(runs, r => r.EventsPerCpuS));
    }

    private static double Med(IReadOnlyList<BenchFigures> runs, Func<BenchFigures, double> pick)
    {
        var values = runs.Select(pick).Order().ToArray();
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
