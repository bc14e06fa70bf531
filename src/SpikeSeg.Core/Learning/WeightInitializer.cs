using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Core.Learning;

/// <summary>
/// Weight initialisation as the trainer does it (§9): N(mean, std) clamped to the weight bounds. Draws come
/// from <see cref="DeterministicRandom"/> in a fixed order — conv2 then conv3, each in OIHW order, one
/// Gaussian per weight — so the same seed gives bit-identical weights (not torch's values).
/// </summary>
public static class WeightInitializer
{
    public static void Fill(Span<float> weights, float mean, float std, WeightBounds bounds, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!float.IsFinite(mean) || !float.IsFinite(std) || std < 0f)
        {
            throw new InvalidInputException($"learning.initMean/initStd: N({mean}, {std}) is not a valid distribution (std must be finite and ≥ 0)");
        }

        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = bounds.Clip((float)random.NextGaussian(mean, std));
        }
    }

    /// <summary>Initialises the two learned layers in the documented order: conv2 first, then conv3, from one generator.</summary>
    public static void InitializeLearnedLayers(Span<float> conv2Weights, Span<float> conv3Weights, LearningSpec spec, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var bounds = WeightBounds.From(spec);
        Fill(conv2Weights, spec.InitMean, spec.InitStd, bounds, random);
        Fill(conv3Weights, spec.InitMean, spec.InitStd, bounds, random);
    }
}
