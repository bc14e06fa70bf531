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
        int k = weights.KernelSize;
        int sources = weights.OutChannels;
        int targets = weights.InChannels;
        var values = new float[weights.Oihw.Length];
        for (int i = 0; i < sources; i++)
        {
            for (int o = 0; o < targets; o++)
            {
                for (int a = 0; a < k; a++)
                {
                    for (int b = 0; b < k; b++)
                    {
                        values[((((i * k) + a) * k) + b) * targets + o] = weights[i, o, a, b];
                    }
                }
            }
        }

        return new TransposedKernel(values, sources, targets, k);
    }

    /// <summary>The contiguous weights of kernel row <paramref name="a"/>, columns b0..b0+count−1, for source channel <paramref name="sourceChannel"/>.</summary>
    public ReadOnlySpan<float> RowRun(int sourceChannel, int a, int b0, int count) =>
        Values.AsSpan(((((sourceChannel * KernelSize) + a) * KernelSize) + b0) * TargetChannels, count * TargetChannels);
}
