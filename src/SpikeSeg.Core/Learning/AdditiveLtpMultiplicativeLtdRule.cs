using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Learning;

/// <summary>
/// Additive potentiation, multiplicative depression (van Rossum, Bi &amp; Turrigiano 2000; Lindner et al. 2025):
/// Δw = +a⁺ for a causal pre spike (0 ≤ t_pre ≤ t_post), Δw = −a⁻·w otherwise.
/// </summary>
public sealed class AdditiveLtpMultiplicativeLtdRule(float learningRatePlus, float learningRateMinus) : ILearningRule
{
    public float LearningRatePlus { get; } = learningRatePlus;

    public float LearningRateMinus { get; } = learningRateMinus;

    public LearningRuleKind Kind => LearningRuleKind.AdditiveLtpMultiplicativeLtd;

    public float WeightChange(float weight, float preTimeSteps, float postTimeSteps, bool preFired) =>
        preFired && preTimeSteps <= postTimeSteps ? LearningRatePlus : -LearningRateMinus * weight;

    public void AccumulateReceptiveField(ReadOnlySpan<float> weights, ReadOnlySpan<float> preTimesSteps, float postTimeSteps, Span<float> delta) =>
        ReceptiveFieldLoop.Accumulate(this, weights, preTimesSteps, postTimeSteps, delta);
}
