using System.Numerics;
using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Learning;

/// <summary>
/// Kheradpisheh et al. 2018, the reference's rule: LTP iff 0 ≤ t_pre ≤ t_post, Δw = +a⁺·w(1−w);
/// otherwise (pre later, never, padding) Δw = −a⁻·w(1−w). Only the sign of the time difference matters.
/// </summary>
public sealed class MultiplicativeRule(float learningRatePlus, float learningRateMinus) : ILearningRule
{
    public float LearningRatePlus { get; } = learningRatePlus;

    public float LearningRateMinus { get; } = learningRateMinus;

    public LearningRuleKind Kind => LearningRuleKind.Multiplicative;

    public float WeightChange(float weight, float preTimeSteps, float postTimeSteps, bool preFired)
    {
        float softBound = weight * (1f - weight);
        return preFired && preTimeSteps <= postTimeSteps ? LearningRatePlus * softBound : -LearningRateMinus * softBound;
    }

    public void AccumulateReceptiveField(ReadOnlySpan<float> weights, ReadOnlySpan<float> preTimesSteps, float postTimeSteps, Span<float> delta) =>
        AccumulateVector(weights, preTimesSteps, postTimeSteps, LearningRatePlus, LearningRateMinus, delta);

    /// <summary>Scalar reference of <see cref="AccumulateVector"/>; both give bit-identical results.</summary>
    public static void AccumulateScalar(ReadOnlySpan<float> weights, ReadOnlySpan<float> preTimesSteps, float postTimeSteps, float learningRatePlus, float learningRateMinus, Span<float> delta)
    {
        ReceptiveFieldLoop.RequireSameLength(weights, preTimesSteps, delta);
        float negativeMinus = -learningRateMinus;
        for (int i = 0; i < weights.Length; i++)
        {
            float w = weights[i];
            float coefficient = SpikeTime.IsCausal(preTimesSteps[i], postTimeSteps) ? learningRatePlus : negativeMinus;
            delta[i] += coefficient * (w * (1f - w));
        }
    }

    /// <summary>
    /// <see cref="Vector{T}"/> kernel: the causal mask is (pre ≥ 0) ∧ (pre &lt; +∞) ∧ (pre ≤ post), the same
    /// three comparisons as <see cref="SpikeTime.IsCausal"/>, and the arithmetic is the scalar's, so the
    /// results match it bit for bit; the tail runs the scalar loop.
    /// </summary>
    public static void AccumulateVector(ReadOnlySpan<float> weights, ReadOnlySpan<float> preTimesSteps, float postTimeSteps, float learningRatePlus, float learningRateMinus, Span<float> delta)
    {
        ReceptiveFieldLoop.RequireSameLength(weights, preTimesSteps, delta);
        int width = Vector<float>.Count;
        int i = 0;
        if (Vector.IsHardwareAccelerated && weights.Length >= width)
        {
            var plus = new Vector<float>(learningRatePlus);
            var minus = new Vector<float>(-learningRateMinus);
            var post = new Vector<float>(postTimeSteps);
            var infinity = new Vector<float>(float.PositiveInfinity);
            for (; i <= weights.Length - width; i += width)
            {
                var w = new Vector<float>(weights.Slice(i, width));
                var pre = new Vector<float>(preTimesSteps.Slice(i, width));
                var causal = Vector.GreaterThanOrEqual(pre, Vector<float>.Zero)
                    & Vector.LessThan(pre, infinity)
                    & Vector.LessThanOrEqual(pre, post);
                var coefficient = Vector.ConditionalSelect(causal, plus, minus);
                var d = new Vector<float>(delta.Slice(i, width));
                (d + (coefficient * (w * (Vector<float>.One - w)))).CopyTo(delta.Slice(i, width));
            }
        }

        AccumulateScalar(weights[i..], preTimesSteps[i..], postTimeSteps, learningRatePlus, learningRateMinus, delta[i..]);
    }
}
