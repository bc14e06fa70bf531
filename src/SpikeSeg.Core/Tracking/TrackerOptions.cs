namespace SpikeSeg.Core.Tracking;

/// <summary>
/// Settings of <see cref="InstanceTracker"/>; distances in sensor pixels, times in µs. The smoothing defaults suit
/// centroids that scatter by about a pixel from step to step around a slow, steady path (satellites at 15–60 px/s in
/// 10 ms steps): with α = 1 and β = 0.5 one stray centroid 5 px off moved the velocity by 250 px/s and the next
/// detection fell outside the gate (docs/results.md).
/// </summary>
/// <param name="GateRadiusPx">Largest distance between a track's predicted position and a detection that may continue it.</param>
/// <param name="MaxGapUs">A confirmed track not seen for longer than this is closed (until then it coasts on its velocity).</param>
/// <param name="ConfirmHits">Detections needed before a track counts as confirmed (suppresses one-step noise).</param>
/// <param name="VelocitySmoothing">Weight of the newest velocity measurement in the running estimate, in (0, 1] (the β of an α-β filter).</param>
/// <param name="TentativeMaxGapUs">A track that is not yet confirmed is closed when not seen for longer than this.</param>
/// <param name="PositionSmoothing">Weight of a detection against the predicted position, in (0, 1] (the α of an α-β filter; 1 jumps to the detection).</param>
public sealed record TrackerOptions(
    double GateRadiusPx = 8.0,
    long MaxGapUs = 1_000_000,
    int ConfirmHits = 2,
    double VelocitySmoothing = 0.05,
    long TentativeMaxGapUs = 50_000,
    double PositionSmoothing = 0.3)
{
    public static TrackerOptions Default { get; } = new();
}
