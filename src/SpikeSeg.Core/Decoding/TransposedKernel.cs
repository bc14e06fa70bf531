namespace SpikeSeg.Core.Decoding;

/// <summary>
/// Tied weights re-laid for the scatter: <c>[SourceChannels, K, K, TargetChannels]</c>, target channel innermost,
/// so one kernel row for one source cell is a single contiguous run matching a contiguous run of an HWC map.
/// </summary>
public sealed class TransposedKernel
{
    private TransposedKernel(float[] values, int sourceChannels, int targetChannels, int kernelSize)
    {
        Values = values;
        SourceChannels = sourceChannels;
        TargetChannels = targetChannels;
        KernelSize = kernelSize;
    }

    /// <summary><c>Values[((i·K + a)·K + b)·TargetChannels + o] = W[i, o, a, b]</c>.</summary>
    public float[] Values { get; }

    /// <summary>Channels of the map being decoded (the encoder conv's output channels).</summary>
    public int SourceChannels { get; }

    /// <summary>Channels produced (the encoder conv's input channels).</summary>
    public int TargetChannels { get; }

    public int KernelSize { get; }

    public int Padding => KernelSize / 2;

    public static TransposedKernel From(ConvWeightBank weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var kernel = new TransposedKernel(new float[weights.Oihw.Length], weights.OutChannels, weights.InChannels, weights.KernelSize);
        kernel.Fill(weights);
        return kernel;
    }

    /// <summary>Whether <paramref name="weights"/> has this kernel's shape, so <see cref="Refill"/> can take it.</summary>
    public bool Fits(ConvWeightBank weights) =>
        weights is not null && weights.OutChannels == SourceChannels && weights.InChannels == TargetChannels && weights.KernelSize == KernelSize;

    /// <summary>Rewrites this kernel in place from same-shaped weights (a learning encoder's new version, no allocation).</summary>
    public void Refill(ConvWeightBank weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!Fits(weights))
        {
            throw new InvalidInputException($"transposed kernel: weights [{weights.OutChannels},{weights.InChannels},{weights.KernelSize}] do not fit [{SourceChannels},{TargetChannels},{KernelSize}].");
        }

        Fill(weights);
    }

    private void Fill(ConvWeightBank weights)
    {
        int k = KernelSize;
        int targets = TargetChannels;
        var source = weights.Oihw;
        var values = Values;
        for (int i = 0; i < SourceChannels; i++)
        {
            for (int o = 0; o < targets; o++)
            {
                // OIHW row (i, o) is contiguous: a·K + b walks it in order.
                int from = ((i * targets) + o) * k * k;
                for (int ab = 0; ab < k * k; ab++)
                {
                    values[((((i * k * k) + ab) * targets) + o)] = source[from + ab];
                }
            }
        }
    }

    /// <summary>The contiguous weights of kernel row <paramref name="a"/>, columns b0..b0+count−1, for source channel <paramref name="sourceChannel"/>.</summary>
    public ReadOnlySpan<float> RowRun(int sourceChannel, int a, int b0, int count) =>
        Values.AsSpan(((((sourceChannel * KernelSize) + a) * KernelSize) + b0) * TargetChannels, count * TargetChannels);
}
