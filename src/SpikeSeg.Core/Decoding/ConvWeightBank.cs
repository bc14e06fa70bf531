namespace SpikeSeg.Core.Decoding;

/// <summary>
/// One encoder convolution's weights in the encoder's own OIHW layout <c>[OutChannels, InChannels, K, K]</c>.
/// The decoder reads them transposed (tied weights): it maps OutChannels back to InChannels.
/// </summary>
public sealed class ConvWeightBank
{
    public ConvWeightBank(float[] oihw, int outChannels, int inChannels, int kernelSize)
    {
        ArgumentNullException.ThrowIfNull(oihw);
        if (outChannels <= 0 || inChannels <= 0)
        {
            throw new InvalidInputException($"conv weights: channel counts must be positive, got out {outChannels}, in {inChannels}.");
        }

        if (kernelSize <= 0 || kernelSize % 2 == 0)
        {
            throw new InvalidInputException($"conv weights: kernel size must be odd and positive, got {kernelSize}.");
        }

        long expected = (long)outChannels * inChannels * kernelSize * kernelSize;
        if (oihw.Length != expected)
        {
            throw new InvalidInputException(
                $"conv weights: [{outChannels},{inChannels},{kernelSize},{kernelSize}] needs {expected} values, got {oihw.Length}.");
        }

        Oihw = oihw;
        OutChannels = outChannels;
        InChannels = inChannels;
        KernelSize = kernelSize;
    }

    /// <summary>Live view of the weights: a learning encoder may change them between decodes.</summary>
    public float[] Oihw { get; }

    /// <summary>The encoder convolution's output channels = the decoder stage's input channels.</summary>
    public int OutChannels { get; }

    /// <summary>The encoder convolution's input channels = the decoder stage's output channels.</summary>
    public int InChannels { get; }

    public int KernelSize { get; }

    public int Padding => KernelSize / 2;

    public float this[int outChannel, int inChannel, int a, int b] =>
        Oihw[(((outChannel * InChannels) + inChannel) * KernelSize + a) * KernelSize + b];

    /// <summary>A deep copy, for the reference's copy-at-first-decode behaviour.</summary>
    public ConvWeightBank Clone() => new((float[])Oihw.Clone(), OutChannels, InChannels, KernelSize);
}
