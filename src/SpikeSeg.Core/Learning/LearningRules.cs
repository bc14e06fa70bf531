using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Learning;

/// <summary>Builds the <see cref="ILearningRule"/> a <see cref="LearningSpec"/> names, after checking its rates.</summary>
public static class LearningRules
{
    public static ILearningRule Create(LearningSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RequireRate("learning.learningRatePlus", spec.LearningRatePlus);
        RequireRate("learning.learningRateMinus", spec.LearningRateMinus);
        return spec.Rule switch
        {
            LearningRuleKind.Multiplicative => new MultiplicativeRule(spec.LearningRatePlus, spec.LearningRateMinus),
            LearningRuleKind.Additive => new AdditiveRule(spec.LearningRatePlus, spec.LearningRateMinus),
            LearningRuleKind.ExponentialPair => new ExponentialPairRule(spec.LearningRatePlus, spec.LearningRateMinus, spec.TraceTauSteps),
            LearningRuleKind.AdditiveLtpMultiplicativeLtd => new AdditiveLtpMultiplicativeLtdRule(spec.LearningRatePlus, spec.LearningRateMinus),
            _ => throw new InvalidInputException($"learning.rule: unknown rule {spec.Rule}"),
        };
    }

    private static void RequireRate(string setting, float rate)
    {
        if (!float.IsFinite(rate) || rate < 0f)
        {
            throw new InvalidInputException($"{setting}: {rate} must be a finite rate ≥ 0");
        }
    }
}
