using SpikeSeg.Core.Events;
using SpikeSeg.Core.Network;
using SpikeSeg.Core.Segmentation;
using SpikeSeg.Core.Output;
using SpikeSeg.Core.Tracking;

namespace SpikeSeg.Core.Engine;

/// <summary>How a stream runs the network: which engine, whether and how it learns, how windows behave.</summary>
public sealed record EngineOptions
{
    /// <summary>Stream (camera) name written into every frame.</summary>
    public string StreamName { get; init; } = "default";

    /// <summary>Sensor geometry of the events (the network input is the preset's size; coordinates are resized between the two).</summary>
    public required SensorGeometry Sensor { get; init; }

    public EncoderEngine Engine { get; init; } = EncoderEngine.EventDriven;

    /// <summary>Online STDP: conv2 learns until its stop rule, then conv3 (layer-wise, design.md §4).</summary>
    public bool Learn { get; init; }

    /// <summary>
    /// Continuous (live) mode: membranes carry across steps and windows, neurons may fire again after a reset
    /// (no fire-once). Windowed (reference) mode: state reset and fire-once at every window start.
    /// </summary>
    public bool Continuous { get; init; } = true;

    /// <summary>Learning windows per epoch of the win-count stop rule.</summary>
    public int WindowsPerEpoch { get; init; } = 50;

    public TrackerOptions Tracker { get; init; } = TrackerOptions.Default;

    /// <summary>How the segmenter seeds HULK and splits objects into instances.</summary>
    public InstanceOptions Instances { get; init; } = InstanceOptions.Default;

    /// <summary>Most classification spikes unravelled per step (each costs one HULK pass); the rest are counted as skipped.</summary>
    public int MaxUnravelsPerStep { get; init; } = 256;

    /// <summary>
    /// Whether the frame callback gets a new frame every step, or one frame object refilled every step (valid until
    /// the next step; <see cref="SegmentationFrame.Detach"/> keeps one) — the live path, which allocates nothing per step.
    /// </summary>
    public FrameLifetime FrameLifetime { get; init; } = FrameLifetime.Owned;
}
