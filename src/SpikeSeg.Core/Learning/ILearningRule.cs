using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Learning;

/// <summary>
/// A per-synapse STDP rule. The weight change depends on the synapse's weight (taken before any update of
/// the current call), its pre spike time and the post neuron's spike time, all in steps. Rules never clip:
/// callers clip to <see cref="WeightBounds"/> once the change is applied.
/// </summary>
public interface ILearningRule
{
    LearningRuleKind Kind { get; }

    /// <summary>Δw for one synapse. <paramref name="preFired"/> is false for a pre neuron that never fired (or padding).</summary>
    float WeightChange(float weight, float preTimeSteps, float postTimeSteps, bool preFired);

    /// <summary>
    /// delta[i] += Δw(weights[i], preTimes[i], postTime) over one receptive field; "fired" is
    /// <see cref="SpikeTime.HasFired"/> of the pre time, so −1 and +∞ both mean "never".
    /// </summary>
    void AccumulateReceptiveField(ReadOnlySpan<float> weights, ReadOnlySpan<float> preTimesSteps, float postTimeSteps, Span<float> delta);
}
