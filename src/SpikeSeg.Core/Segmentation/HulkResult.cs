using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Core.Segmentation;

/// <summary>What HULK traced one classification spike back to.</summary>
/// <param name="Spike">The classification spike.</param>
/// <param name="Mask">Input pixels whose channel-summed decoded value is positive.</param>
/// <param name="Layer2SpikesPerChannel">Active cells per conv2 channel after trans_conv3 &gt; τ (ASH features C1 + channel).</param>
/// <param name="Layer1SpikesPerChannel">Active cells per conv1 channel after trans_conv2 &gt; τ (ASH features 0 … C1 − 1).</param>
/// <param name="Ash">The activity hash of everything recorded for this spike.</param>
public sealed record HulkResult(
    ClassificationSpike Spike,
    PixelMask Mask,
    int[] Layer2SpikesPerChannel,
    int[] Layer1SpikesPerChannel,
    ActivityHash Ash)
{
    /// <summary>Inclusive box of the mask, null when the mask is empty.</summary>
    public BoundingBox? Box => Mask.Bounds;

    public int Layer2SpikeCount => Layer2SpikesPerChannel.Sum();

    public int Layer1SpikeCount => Layer1SpikesPerChannel.Sum();
}
