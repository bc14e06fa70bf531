namespace SpikeSeg.Core.Tracking;

/// <summary>Settings of <see cref="InstanceTracker"/>; distances in sensor pixels, times in µs.</summary>
/// <param name="GateRadiusPx">Largest distance between a track's predicted position and a detection that may continue it.</param>
/// <param name="MaxGapUs">A track not seen for longer than this is closed.</param>
/// <param name="ConfirmHits">Detections needed before a track counts as confirmed (suppresses one-step noise).</param>
/// <param name="VelocitySmoothing">Weight of the newest velocity measurement in the running estimate, in (0, 1].</param>
public sealed record TrackerOptions(
    double GateRadiusPx = 8.0,
    long MaxGapUs = 1_000_000,
    int ConfirmHits = 2,
    double VelocitySmoothing = 0.5)
{
    public static TrackerOptions Default { get; } = new();
}
