using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Decoding;

/// <summary>When the decoder takes the encoder's weights (reference-semantics §4, §16.8).</summary>
public enum DecoderWeightBinding
{
    /// <summary>Correct: read the encoder's weights at every decode (true tying).</summary>
    Live,

    /// <summary>Reference: copy them at the first decode and keep the copy.</summary>
    CopyAtFirstDecode,
}

/// <summary>How the time axis of the classification spikes reaches the decoder.</summary>
public enum DecoderTimeHandling
{
    /// <summary>Correct: one decoder step per timestep, each with its own pool indices; saliencies summed.</summary>
    PerTimestep,

    /// <summary>Reference: the spikes are summed over time into one map and decoded in a single step.</summary>
    SumOverTime,
}

/// <summary>Settings of <see cref="SaliencyDecoder"/>. The defaults are the corrected behaviour; <see cref="ReferenceCompatible"/> reproduces the reference.</summary>
public sealed record DecoderOptions
{
    /// <summary>Decoder LIF threshold θ (reference default 1.0).</summary>
    public float Threshold { get; init; } = 1.0f;

    /// <summary>Leak per step as a fraction of θ (λ = LeakFactor·θ), in [0, 1].</summary>
    public float LeakFactor { get; init; }

    public bool DelayConnections { get; init; } = true;

    /// <summary>Weight of the one buffered previous input (age 1).</summary>
    public float DelayDecay { get; init; } = 0.9f;

    /// <summary>Correct: clear membranes and the delay buffer at each <see cref="SaliencyDecoder.Decode"/>; reference: keep them.</summary>
    public bool ResetStatePerSample { get; init; } = true;

    public DecoderWeightBinding WeightBinding { get; init; } = DecoderWeightBinding.Live;

    public UnpoolIndexSource UnpoolIndices { get; init; } = UnpoolIndexSource.PerTimestep;

    public DecoderTimeHandling TimeHandling { get; init; } = DecoderTimeHandling.PerTimestep;

    /// <summary>The reference decoder: persisting state, copied weights, last-timestep indices, time-summed input.</summary>
    public static DecoderOptions ReferenceCompatible { get; } = new()
    {
        ResetStatePerSample = false,
        WeightBinding = DecoderWeightBinding.CopyAtFirstDecode,
        UnpoolIndices = UnpoolIndexSource.LastTimestep,
        TimeHandling = DecoderTimeHandling.SumOverTime,
    };

    public static DecoderOptions FromSpec(DecoderSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new DecoderOptions
        {
            Threshold = spec.Threshold,
            LeakFactor = spec.Leak,
            DelayConnections = spec.DelayConnections,
            DelayDecay = spec.DelayDecay,
            UnpoolIndices = spec.UnpoolIndices,
        };
    }

    public void Validate()
    {
        if (!(Threshold > 0f) || !float.IsFinite(Threshold))
        {
            throw new InvalidInputException($"decoder.threshold: must be a positive finite number, got {Threshold}.");
        }

        if (!(LeakFactor >= 0f && LeakFactor <= 1f))
        {
            throw new InvalidInputException($"decoder.leak: must lie in [0, 1] (fraction of the threshold), got {LeakFactor}.");
        }

        if (!(DelayDecay >= 0f && DelayDecay <= 1f))
        {
            throw new InvalidInputException($"decoder.delayDecay: must lie in [0, 1], got {DelayDecay}.");
        }
    }
}
