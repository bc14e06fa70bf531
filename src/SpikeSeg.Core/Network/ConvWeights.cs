namespace SpikeSeg.Core.Network;

/// <summary>
/// The weights of one spiking convolution, owned by its layer. The canonical layout is the reference's OIHW
/// (<c>[Cout, Cin, K, K]</c>); a feature-innermost copy <c>[Cin][K][K][Cout]</c> feeds the event-driven scatter.
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

    /// <summary>Feature-innermost weights <c>[Cin][K][K][Cout]</c>: the <c>Cout</c> weights one input tap sends to a position.</summary>
    internal ReadOnlySpan<float> Transposed => transposed;

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
        int taps = FeatureLength;
        int source = feature * taps;
        for (int tap = 0; tap < taps; tap++)
        {
            transposed[(tap * OutChannels) + feature] = oihw[source + tap];
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
