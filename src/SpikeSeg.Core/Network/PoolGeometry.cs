using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Network;

/// <summary>Max pooling of <see cref="Channels"/> binary maps of <see cref="InHeight"/>×<see cref="InWidth"/> (no ceil mode, windows may overlap).</summary>
public sealed record PoolGeometry
{
    public PoolGeometry(int channels, int inHeight, int inWidth, int kernel, int stride)
    {
        if (channels < 1 || inHeight < 1 || inWidth < 1 || kernel < 1 || stride < 1)
        {
            throw new InvalidInputException($"pooling: channels {channels}, input {inHeight}×{inWidth}, kernel {kernel}, stride {stride} — every value must be at least 1.");
        }

        if (kernel > inHeight || kernel > inWidth)
        {
            throw new InvalidInputException($"pooling: kernel {kernel} is larger than the {inHeight}×{inWidth} input.");
        }

        Channels = channels;
        InHeight = inHeight;
        InWidth = inWidth;
        Kernel = kernel;
        Stride = stride;
        OutHeight = ((inHeight - kernel) / stride) + 1;
        OutWidth = ((inWidth - kernel) / stride) + 1;
    }

    public int Channels { get; }

    public int InHeight { get; }

    public int InWidth { get; }

    public int Kernel { get; }

    public int Stride { get; }

    public int OutHeight { get; }

    public int OutWidth { get; }

    public int OutputLength => Channels * OutHeight * OutWidth;

    public static PoolGeometry From(PoolSpec spec, int channels, int inHeight, int inWidth) =>
        new(channels, inHeight, inWidth, spec.Kernel, spec.Stride);

    /// <summary>Flat index <c>h·W_in + w</c> of the top-left input of window (y, x): what an all-zero window reports.</summary>
    public int TopLeftIndex(int y, int x) => (y * Stride * InWidth) + (x * Stride);
}
