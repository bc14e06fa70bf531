namespace SpikeSeg.Core.Learning;

/// <summary>The scalar receptive-field loop shared by rules that have no vector kernel.</summary>
internal static class ReceptiveFieldLoop
{
    public static void Accumulate(ILearningRule rule, ReadOnlySpan<float> weights, ReadOnlySpan<float> preTimesSteps, float postTimeSteps, Span<float> delta)
    {
        RequireSameLength(weights, preTimesSteps, delta);
        for (int i = 0; i < weights.Length; i++)
        {
            float pre = preTimesSteps[i];
            delta[i] += rule.WeightChange(weights[i], pre, postTimeSteps, SpikeTime.HasFired(pre));
        }
    }

    public static void RequireSameLength(ReadOnlySpan<float> weights, ReadOnlySpan<float> preTimesSteps, Span<float> delta)
    {
        if (preTimesSteps.Length != weights.Length || delta.Length != weights.Length)
        {
            throw new ArgumentException($"receptive field spans differ in length: weights {weights.Length}, pre times {preTimesSteps.Length}, delta {delta.Length}");
        }
    }
}
