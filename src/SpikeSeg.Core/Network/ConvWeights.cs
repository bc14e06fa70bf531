namespace SpikeSeg.Core.Network;

/// <summary>
/// The weights of one spiking convolution, owned by its layer. The canonical layout is the reference's OIHW
/// (<c>[Cout, Cin, K, K]</c>); a feature-innermost copy with each kernel row's columns reversed,
/// <c>[Cin][K][K − 1 − b][Cout]</c>, feeds the event-driven scatter: an input cell reaches the output positions of one
/// row left to right through kernel columns right to left, so the weights it adds to a row of positions are one
/// contiguous span, like the currents they are added to.
/// Every mutation goes through this class, keeps both layouts in sync and bumps <see cref="Version"/>.
/// </summary>
public sealed class ConvWeights
{
    private readonly float[] oihw;
    private readonly float[] transposed;

    public ConvWeights(int outChannels, int inChannels, int kernel)
    {
        if (outChannels < 1 || inChannels < 1 || kernel < 1 || (long)outChannels * inChannels * kernel * kernel > int.MaxValue / 4)
        {
            throw new InvalidInputException($"weights: shape [{outChannels}, {inChannels}, {kernel}, {kernel}] is invalid.");
        }

        OutChannels = outChannels;
        InChannels = inChannels;
        Kernel = kernel;
        oihw = new float[outChannels * inChannels * kernel * kernel];
        transposed = new float[oihw.Length];
    }

    public int OutChannels { get; }

    public int InChannels { get; }

    public int Kernel { get; }

    /// <summary>Weights of one output feature: <c>Cin·K·K</c>.</summary>
    public int FeatureLength => InChannels * Kernel * Kernel;

    /// <summary>Increases by one on every mutation; snapshots and caches compare it.</summary>
    public long Version { get; private set; }

    /// <summary>OIHW weights, read-only.</summary>
    public ReadOnlySpan<float> Oihw => oihw;

    /// <summary>
    /// Scatter layout <c>[Cin][K][K − 1 − b][Cout]</c>: tap (c, a, b) holds its <c>Cout</c> weights at
    /// <see cref="ScatterIndex"/>; consecutive output columns of one row read consecutive spans.
    /// </summary>
    internal ReadOnlySpan<float> Transposed => transposed;

    /// <summary>Offset of tap (input channel, kernel row, kernel column) in <see cref="Transposed"/>.</summary>
    internal int ScatterIndex(int inChannel, int row, int column) => ((((inChannel * Kernel) + row) * Kernel) + (Kernel - 1 - column)) * OutChannels;

    /// <summary>The weights of output feature <paramref name="feature"/> (<c>[Cin, K, K]</c>), read-only.</summary>
    public ReadOnlySpan<float> Feature(int feature) => oihw.AsSpan(CheckFeature(feature) * FeatureLength, FeatureLength);

    /// <summary>An immutable copy of the current weights and their version.</summary>
    public ConvWeightsSnapshot Snapshot() => new(Version, OutChannels, InChannels, Kernel, oihw.ToArray());

    /// <summary>Replaces every weight (OIHW order).</summary>
    public void SetAll(ReadOnlySpan<float> weightsOihw)
    {
        if (weightsOihw.Length != oihw.Length)
        {
            throw new InvalidInputException($"weights: expected {oihw.Length} values [{OutChannels}, {InChannels}, {Kernel}, {Kernel}], got {weightsOihw.Length}.");
        }

        RequireFinite(weightsOihw);
        weightsOihw.CopyTo(oihw);
        for (int o = 0; o < OutChannels; o++)
        {
            RefreshTransposed(o);
        }

        Version++;
    }

    /// <summary>Replaces the receptive field of one feature (what one STDP winner changes); cost <c>Cin·K·K</c>.</summary>
    public void SetFeature(int feature, ReadOnlySpan<float> weightsCinKK)
    {
        CheckFeature(feature);
        if (weightsCinKK.Length != FeatureLength)
        {
            throw new InvalidInputException($"weights: feature {feature} expects {FeatureLength} values, got {weightsCinKK.Length}.");
        }

        RequireFinite(weightsCinKK);
        weightsCinKK.CopyTo(oihw.AsSpan(feature * FeatureLength, FeatureLength));
        RefreshTransposed(feature);
        Version++;
    }

    private void RefreshTransposed(int feature)
    {
        int source = feature * FeatureLength;
        for (int c = 0; c < InChannels; c++)
        {
            for (int a = 0; a < Kernel; a++)
            {
                for (int b = 0; b < Kernel; b++)
                {
                    transposed[ScatterIndex(c, a, b) + feature] = oihw[source++];
                }
            }
        }
    }

    private int CheckFeature(int feature)
    {
        if ((uint)feature >= (uint)OutChannels)
        {
            throw new ArgumentOutOfRangeException(nameof(feature), feature, $"feature must lie in [0, {OutChannels}).");
        }

        return feature;
    }

    private static void RequireFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidInputException($"weights: value {values[i]} at index {i} is not finite.");
            }
        }
    }
}
