using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Network;

/// <summary>
/// The fixed dynamics of a layer's neurons. <see cref="LeakPerStep"/> is λ of the subtractive rule and
/// <see cref="Beta"/> = 1 − λ/θ_config of the multiplicative rule; both are fixed at construction from the
/// configured threshold and do not follow homeostatic thresholds (reference-semantics §2.5).
/// </summary>
public readonly record struct NeuronParameters
{
    public NeuronParameters(NeuronModel model, LeakMode leakMode, float threshold, float leak)
    {
        if (!float.IsFinite(threshold) || threshold <= 0)
        {
            throw new InvalidInputException($"layer threshold {threshold} must be a positive finite number.");
        }

        if (!float.IsFinite(leak) || leak < 0 || leak > threshold)
        {
            throw new InvalidInputException($"layer leak {leak} must lie in [0, threshold {threshold}].");
        }

        Model = model;
        LeakMode = leakMode;
        Threshold = threshold;
        LeakPerStep = leakMode == LeakMode.Subtractive ? leak : 0f;
        Beta = leakMode == LeakMode.Multiplicative ? 1f - (leak / threshold) : 1f;
    }

    public NeuronModel Model { get; }

    public LeakMode LeakMode { get; }

    /// <summary>Configured scalar threshold θ (used when no per-channel thresholds are supplied).</summary>
    public float Threshold { get; }

    public float LeakPerStep { get; }

    public float Beta { get; }

    public static NeuronParameters From(LayerSpec spec) => new(spec.Neuron, spec.LeakMode, spec.Threshold, spec.Leak);
}
