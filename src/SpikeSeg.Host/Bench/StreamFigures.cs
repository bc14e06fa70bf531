namespace SpikeSeg.Host.Bench;

/// <summary>
/// What one stream measured in one run (<see cref="CpuSeconds"/>: the stream thread's CPU time, NaN where unknown;
/// <see cref="Spikes"/>: null where the layers run on other threads).
/// </summary>
public sealed record StreamFigures(
    long Events,
    long Steps,
    double WallSeconds,
    double LatencyP50Us,
    double LatencyP99Us,
    double AllocBytesPerStep,
    long SkippedUnravels,
    StageSeconds Stages,
    double CpuSeconds,
    LayerSpikes? Spikes);
