using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Learning;

/// <summary>
/// Pair STDP with exponential windows (Song, Miller &amp; Abbott 2000; Bi &amp; Poo; Diehl &amp; Cook 2015),
/// Δt = t_post − t_pre in steps: causal (Δt ≥ 0) Δw = +a⁺·exp(−Δt/τ); anti-causal (Δt &lt; 0)
/// Δw = −a⁻·exp(Δt/τ). A pre neuron that never fired (or padding) has no pair; it is depressed by the
/// full −a⁻ — the limit of an anti-causal pair at Δt → 0⁻ — so that silent inputs lose weight as they do
/// under every other rule here (a choice: the pure pair rule would leave them unchanged).
/// </summary>
public sealed class ExponentialPairRule : ILearningRule
{
    public ExponentialPairRule(float learningRatePlus, float learningRateMinus, float tauSteps)
    {
        if (!(tauSteps > 0f) || !float.IsFinite(tauSteps))
        {
            throw new InvalidInputException($"learning.traceTauSteps: {tauSteps} must be a finite positive number of steps");
        }

        LearningRatePlus = learningRatePlus;
        LearningRateMinus = learningRateMinus;
        TauSteps = tauSteps;
    }

    public float LearningRatePlus { get; }

    public float LearningRateMinus { get; }

    public float TauSteps { get; }

    public LearningRuleKind Kind => LearningRuleKind.ExponentialPair;

    public float WeightChange(float weight, float preTimeSteps, float postTimeSteps, bool preFired)
    {
        if (!preFired)
        {
            return -LearningRateMinus;
        }

        float differenceSteps = postTimeSteps - preTimeSteps;
        return differenceSteps >= 0f
            ? LearningRatePlus * MathF.Exp(-differenceSteps / TauSteps)
            : -LearningRateMinus * MathF.Exp(differenceSteps / TauSteps);
    }

    public void AccumulateReceptiveField(ReadOnlySpan<float> weights, ReadOnlySpan<float> preTimesSteps, float postTimeSteps, Span<float> delta) =>
        ReceptiveFieldLoop.Accumulate(this, weights, preTimesSteps, postTimeSteps, delta);
}
