namespace SpikeSeg.Core.Output;

/// <summary>
/// What the network reports for one step that produced output: the instances found, in sensor pixel
/// coordinates. Serialised as one JSON line (docs/output-schema.md, <see cref="SchemaVersion"/>).
/// </summary>
/// <remarks>
/// A frame is immutable to its readers. Under <see cref="FrameLifetime.ReusedUntilNextStep"/> the producing
/// segmenter refills one frame object every step (no allocation per step on the live path): such a frame and its
/// <see cref="Instances"/> are valid only until the next step; a consumer that keeps it calls <see cref="Detach"/>.
/// </remarks>
public sealed class SegmentationFrame
{
    private readonly List<FrameInstance>? _reusedInstances;

    public SegmentationFrame(string stream, long step, long tStartUs, long tEndUs, int events, IReadOnlyList<FrameInstance> instances)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(instances);
        Stream = stream;
        Step = step;
        TStartUs = tStartUs;
        TEndUs = tEndUs;
        Events = events;
        Instances = instances;
    }

    /// <summary>A frame object to be refilled step after step (<see cref="FrameLifetime.ReusedUntilNextStep"/>).</summary>
    internal SegmentationFrame(string stream)
        : this(stream, 0, 0, 0, 0, [])
    {
        _reusedInstances = [];
        Instances = _reusedInstances;
    }

    /// <summary>Version of the JSON Lines schema; bumped on any incompatible change.</summary>
    public const int SchemaVersion = 1;

    public string Stream { get; }

    public long Step { get; private set; }

    public long TStartUs { get; private set; }

    public long TEndUs { get; private set; }

    public int Events { get; private set; }

    public IReadOnlyList<FrameInstance> Instances { get; }

    /// <summary>Whether this object is refilled every step (see the remarks).</summary>
    public bool IsReused => _reusedInstances is not null;

    /// <summary>A frame that owns copies of everything, safe to keep after the next step.</summary>
    public SegmentationFrame Detach() => new(Stream, Step, TStartUs, TEndUs, Events, Instances.Count == 0 ? [] : [.. Instances]);

    /// <summary>Refills a reused frame; the instances are added with <see cref="AddInstance"/> afterwards.</summary>
    internal void Refill(long step, long tStartUs, long tEndUs, int events)
    {
        Step = step;
        TStartUs = tStartUs;
        TEndUs = tEndUs;
        Events = events;
        _reusedInstances!.Clear();
    }

    internal void AddInstance(in FrameInstance instance) => _reusedInstances!.Add(instance);

    public override string ToString() => $"SegmentationFrame {{ Stream = {Stream}, Step = {Step}, TStartUs = {TStartUs}, TEndUs = {TEndUs}, Events = {Events}, Instances = {Instances.Count} }}";
}

/// <summary>One object instance at one step (a value: frames hold them inline).</summary>
/// <param name="Id">Instance id within the step: 0, 1, … in the order the segmenter found them.</param>
/// <param name="ClassId">Classification map that fired.</param>
/// <param name="Track">Track id from the tracker, stable across steps; −1 if the frame was not tracked.</param>
/// <param name="TrackConfirmed">Whether the track has enough hits to be trusted.</param>
/// <param name="X0">Inclusive bounding box, sensor pixels.</param>
/// <param name="CentroidX">Mean column of the instance's pixels, sensor pixels.</param>
/// <param name="Pixels">Number of pixels in the instance mask.</param>
public readonly record struct FrameInstance(
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
