namespace SpikeSeg.Core.Output;

/// <summary>
/// What the network reports for one step that produced output: the instances found, in sensor pixel
/// coordinates. Serialised as one JSON line (docs/output-schema.md, <see cref="SchemaVersion"/>).
/// </summary>
public sealed record SegmentationFrame(
    string Stream,
    long Step,
    long TStartUs,
    long TEndUs,
    int Events,
    IReadOnlyList<FrameInstance> Instances)
{
    /// <summary>Version of the JSON Lines schema; bumped on any incompatible change.</summary>
    public const int SchemaVersion = 1;
}

/// <summary>One object instance at one step.</summary>
/// <param name="Id">Instance id within the step: 0, 1, … in the order the segmenter found them.</param>
/// <param name="ClassId">Classification map that fired.</param>
/// <param name="Track">Track id from the tracker, stable across steps; −1 if the frame was not tracked.</param>
/// <param name="TrackConfirmed">Whether the track has enough hits to be trusted.</param>
/// <param name="X0">Inclusive bounding box, sensor pixels.</param>
/// <param name="CentroidX">Mean column of the instance's pixels, sensor pixels.</param>
/// <param name="Pixels">Number of pixels in the instance mask.</param>
public sealed record FrameInstance(
    int Id,
    int ClassId,
    int Track,
    bool TrackConfirmed,
    int X0,
    int Y0,
    int X1,
    int Y1,
    double CentroidX,
    double CentroidY,
    int Pixels);
