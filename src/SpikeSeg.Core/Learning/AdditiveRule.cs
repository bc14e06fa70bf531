using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Learning;

/// <summary>Additive STDP: Δw = +a⁺ for a causal pre spike (0 ≤ t_pre ≤ t_post), −a⁻ otherwise, no weight dependence.</summary>
public sealed class AdditiveRule(float learningRatePlus, float learningRateMinus) : ILearningRule
{
    public float LearningRatePlus { get; } = learningRatePlus;

    public float LearningRateMinus { get; } = learningRateMinus;

    public LearningRuleKind Kind => LearningRuleKind.Additive;

    public float WeightChange(float weight, float preTimeSteps, float postTimeSteps, bool preFired) =>
        preFired && preTimeSteps <= postTimeSteps ? LearningRatePlus : -LearningRateMinus;

    public void AccumulateReceptiveField(ReadOnlySpan<float> weights, ReadOnlySpan<float> preTimesSteps, float postTimeSteps, Span<float> delta) =>
        ReceptiveFieldLoop.Accumulate(this, weights, preTimesSteps, postTimeSteps, delta);
}
