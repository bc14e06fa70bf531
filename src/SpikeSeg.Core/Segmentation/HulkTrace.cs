using System.Runtime.InteropServices;
using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Core.Segmentation;

/// <summary>
/// The reusable output of one HULK pass (<see cref="HulkUnraveller.UnravelInto"/>): the same content as a
/// <see cref="HulkResult"/>, refilled in place so that a live segmenter unravels without allocating. Valid until
/// the next pass into it.
/// </summary>
public sealed class HulkTrace
{
    // A classification cell's receptive field is a few thousand pixels at most in the shipped presets.
    private readonly List<int> _maskPixels = new(4096);

    /// <summary>A trace for the weights' shapes: conv1 and conv2 channels and the classes size the ASH.</summary>
    public HulkTrace(DecoderWeights weights, int timestepCount)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Layer1SpikesPerChannel = new int[weights.Conv1Channels];
        Layer2SpikesPerChannel = new int[weights.Conv2Channels];
        Ash = new ActivityHash(weights.Conv1Channels + weights.Conv2Channels + weights.Classes, timestepCount);
    }

    public ClassificationSpike Spike { get; private set; }

    /// <summary>Mask pixels (flat <c>y·MaskWidth + x</c>, ascending) whose channel-summed decoded value is positive.</summary>
    public ReadOnlySpan<int> MaskPixels => CollectionsMarshal.AsSpan(_maskPixels);

    public int MaskWidth { get; private set; }

    public int MaskHeight { get; private set; }

    /// <summary>Inclusive box of the mask, null when it is empty.</summary>
    public BoundingBox? Bounds { get; private set; }

    public int[] Layer2SpikesPerChannel { get; }

    public int[] Layer1SpikesPerChannel { get; }

    public ActivityHash Ash { get; }

    internal List<int> MaskPixelList => _maskPixels;

    internal bool Fits(int conv1Channels, int conv2Channels, int featureCount, int timestepCount) =>
        Layer1SpikesPerChannel.Length == conv1Channels && Layer2SpikesPerChannel.Length == conv2Channels
        && Ash.FeatureCount == featureCount && Ash.TimestepCount == timestepCount;

    internal void Begin(ClassificationSpike spike, int maskWidth, int maskHeight)
    {
        Spike = spike;
        MaskWidth = maskWidth;
        MaskHeight = maskHeight;
        Array.Clear(Layer1SpikesPerChannel);
        Array.Clear(Layer2SpikesPerChannel);
        Ash.Clear();
        _maskPixels.Clear();
        Bounds = null;
    }

    /// <summary>Sets the bounds from the (ascending) mask pixels: rows from the ends, columns in one pass.</summary>
    internal void CloseMask()
    {
        if (_maskPixels.Count == 0)
        {
            Bounds = null;
            return;
        }

        int xMin = int.MaxValue, xMax = int.MinValue;
        foreach (int p in MaskPixels)
        {
            int x = p % MaskWidth;
            xMin = Math.Min(xMin, x);
            xMax = Math.Max(xMax, x);
        }

        Bounds = new BoundingBox(xMin, _maskPixels[0] / MaskWidth, xMax, _maskPixels[^1] / MaskWidth);
    }

    /// <summary>Sets the bounds from mask pixels listed ascending whose columns span <paramref name="xMin"/>…<paramref name="xMax"/>.</summary>
    internal void CloseMask(int xMin, int xMax)
    {
        Bounds = _maskPixels.Count == 0 ? null : new BoundingBox(xMin, _maskPixels[0] / MaskWidth, xMax, _maskPixels[^1] / MaskWidth);
    }

    /// <summary>An owned <see cref="HulkResult"/> of this trace (copies everything).</summary>
    public HulkResult ToResult() =>
        new(Spike, new PixelMask(MaskWidth, MaskHeight, [.. _maskPixels]), (int[])Layer2SpikesPerChannel.Clone(), (int[])Layer1SpikesPerChannel.Clone(), Ash.Clone());
}
