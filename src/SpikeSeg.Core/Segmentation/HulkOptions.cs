using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Segmentation;

/// <summary>Which feature id HULK records the classification spike itself under in the ASH (§16.9).</summary>
public enum ClassFeatureIdMode
{
    /// <summary>Correct: <c>C1 + C2 + class</c>, after the conv1 and conv2 feature ids.</summary>
    AfterLayerFeatures,

    /// <summary>Reference: <c>class</c>, colliding with the conv1 feature ids.</summary>
    ClassIdOnly,
}

/// <summary>Settings of <see cref="HulkUnraveller"/>. Defaults are the corrected behaviour.</summary>
public sealed record HulkOptions
{
    /// <summary>Activity threshold τ ∈ [0, 1]; a decoded cell is active when strictly above it.</summary>
    public float Threshold { get; init; } = 0.5f;

    public ClassFeatureIdMode ClassFeatureIds { get; init; } = ClassFeatureIdMode.AfterLayerFeatures;

    public UnpoolIndexSource UnpoolIndices { get; init; } = UnpoolIndexSource.PerTimestep;

    /// <summary>The reference HULK: class id as feature id, last-timestep pool indices.</summary>
    public static HulkOptions ReferenceCompatible { get; } = new()
    {
        ClassFeatureIds = ClassFeatureIdMode.ClassIdOnly,
        UnpoolIndices = UnpoolIndexSource.LastTimestep,
    };

    /// <summary>τ and the index source from the network configuration; the class feature id is always the corrected one.</summary>
    public static HulkOptions FromSpec(DecoderSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new HulkOptions { Threshold = spec.HulkThreshold, UnpoolIndices = spec.UnpoolIndices };
    }

    public void Validate()
    {
        if (!(Threshold >= 0f && Threshold <= 1f))
        {
            throw new InvalidInputException($"hulk.threshold: must lie in [0, 1], got {Threshold}.");
        }
    }
}
