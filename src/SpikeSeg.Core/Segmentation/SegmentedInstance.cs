using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Core.Segmentation;

/// <summary>What SMASH needs of an instance: its box and its activity hash.</summary>
public sealed record InstanceSignature(BoundingBox Box, ActivityHash Ash);

/// <summary>
/// One HULK instance: <see cref="InstanceId"/> is the spike's position in the iteration order (timestep, class,
/// row-major), counting spikes whose masks were empty and dropped, so ids may have gaps.
/// </summary>
public sealed record SegmentedInstance(int InstanceId, ClassificationSpike Spike, PixelMask Mask, BoundingBox Box, ActivityHash Ash)
{
    /// <summary>The spike's class (the reference always reports 0; with one class the two agree).</summary>
    public int ClassId => Spike.ClassId;

    public InstanceSignature Signature => new(Box, Ash);
}
