namespace SpikeSeg.Core.Network;

/// <summary>
/// Shape of one convolution: a CHW input of <see cref="InChannels"/>×<see cref="InHeight"/>×<see cref="InWidth"/>,
/// OIHW weights of <see cref="OutChannels"/>×<see cref="InChannels"/>×<see cref="Kernel"/>², cross-correlation
/// with zeros outside the input.
/// </summary>
public sealed record ConvGeometry
{
    public ConvGeometry(int inChannels, int inHeight, int inWidth, int outChannels, int kernel, int stride, int padding)
    {
        Require(inChannels >= 1, "input channels", inChannels);
        Require(inHeight >= 1, "input height", inHeight);
        Require(inWidth >= 1, "input width", inWidth);
        Require(outChannels >= 1, "output channels", outChannels);
        Require(kernel >= 1, "kernel size", kernel);
        Require(stride >= 1, "stride", stride);
        Require(padding >= 0 && padding < kernel, "padding", padding);
        InChannels = inChannels;
        InHeight = inHeight;
        InWidth = inWidth;
        OutChannels = outChannels;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        OutHeight = ((inHeight + (2 * padding) - kernel) / stride) + 1;
        OutWidth = ((inWidth + (2 * padding) - kernel) / stride) + 1;
        if (OutHeight < 1 || OutWidth < 1)
        {
            throw new InvalidInputException($"convolution: kernel {kernel} does not fit a {inHeight}×{inWidth} input with padding {padding}.");
        }

        if ((long)inChannels * inHeight * inWidth > int.MaxValue / 4 || (long)outChannels * OutHeight * OutWidth > int.MaxValue / 4
            || (long)outChannels * inChannels * kernel * kernel > int.MaxValue / 4)
        {
            throw new InvalidInputException($"convolution: {inChannels}×{inHeight}×{inWidth} → {outChannels} maps of kernel {kernel} is too large.");
        }
    }

    public int InChannels { get; }

    public int InHeight { get; }

    public int InWidth { get; }

    public int OutChannels { get; }

    public int Kernel { get; }

    public int Stride { get; }

    public int Padding { get; }

    public int OutHeight { get; }

    public int OutWidth { get; }

    public int InputLength => InChannels * InHeight * InWidth;

    /// <summary>Neurons of the layer = output channels × output positions.</summary>
    public int OutputLength => OutChannels * OutHeight * OutWidth;

    public int OutputPositions => OutHeight * OutWidth;

    public int WeightLength => OutChannels * InChannels * Kernel * Kernel;

    /// <summary>The reference encoder layer: stride 1, same padding k/2.</summary>
    public static ConvGeometry SamePadded(int inChannels, int height, int width, int outChannels, int kernel) =>
        new(inChannels, height, width, outChannels, kernel, 1, kernel / 2);

    private static void Require(bool condition, string what, int value)
    {
        if (!condition)
        {
            throw new InvalidInputException($"convolution: {what} {value} is out of range.");
        }
    }
}
