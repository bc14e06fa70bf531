namespace SpikeSeg.Host.Bench;

/// <summary>Outcome of a paced real-time soak.</summary>
public sealed record SoakFigures(
    double Minutes,
    long EventsGenerated,
    long EventsProcessed,
    long EventsShed,
    long PacketsShed,
    long SkippedUnravels,
    long StepsSkippedInGaps,
    long Steps,
    double BusyFraction,
    double MaxLagMs,
    double LatencyP50Us,
    double LatencyP99Us,
    double PeakRssMb,
    IReadOnlyList<SoakMemorySample> Memory)
{
    /// <summary>Nothing shed and the consumer never fell more than one second behind the source.</summary>
    public bool KeptRealTime => EventsShed == 0 && MaxLagMs < 1000;
}

/// <summary>Memory at one moment of a soak.</summary>
public sealed record SoakMemorySample(double ElapsedS, double RssMb, double ManagedHeapMb, long Gen2Collections);
