namespace SpikeSeg.Core.Configuration;

/// <summary>How a neuron loses potential between inputs (reference-semantics §2.1).</summary>
public enum LeakMode
{
    /// <summary><c>V ← V + I − λ</c>, λ absolute.</summary>
    Subtractive,

    /// <summary><c>V ← βV + I</c>, β = 1 − λ/θ.</summary>
    Multiplicative,
}

/// <summary>Neuron model of a layer. Every reference encoder layer is LIF (clamped at zero), conv3 with λ = 0.</summary>
public enum NeuronModel
{
    /// <summary>Leaky integrate-and-fire, membrane clamped at zero.</summary>
    Lif,

    /// <summary>Integrate-and-fire without clamp (negative potentials allowed).</summary>
    If,
}

/// <summary>Winner-take-all competition used to pick the neurons that learn.</summary>
public enum WtaMode
{
    /// <summary>One winner per feature map: the earliest spike.</summary>
    Global,

    /// <summary>Per feature map the location with the most spikes; no inter-map competition.</summary>
    Local,

    /// <summary>Global per map, then inter-map competition (see <see cref="WtaTieRule"/>).</summary>
    Both,
}

/// <summary>Which inter-map competition <see cref="WtaMode.Both"/> applies (reference-semantics §5.1, §16.5).</summary>
public enum WtaTieRule
{
    /// <summary>
    /// Correct by default: one winner per map (earliest spike, ties by highest pre-reset potential), then
    /// an accepted winner removes other maps' candidates within the local radius.
    /// </summary>
    Radius,

    /// <summary>The reference trainer: collapse winners at the identical pixel only, ties to the lowest feature.</summary>
    ReferenceSamePixel,
}

/// <summary>The STDP rule a layer learns with, all behind <c>ILearningRule</c>.</summary>
public enum LearningRuleKind
{
    /// <summary>Kheradpisheh et al. 2018: Δw = a⁺·w(1−w) for causal pre, −a⁻·w(1−w) otherwise (the default).</summary>
    Multiplicative,

    /// <summary>Δw = +a⁺ / −a⁻ without weight dependence, clipped to the bounds.</summary>
    Additive,

    /// <summary>Pair STDP with exponential windows on the spike-time difference (Song, Bi–Poo; Diehl &amp; Cook).</summary>
    ExponentialPair,

    /// <summary>Additive potentiation, multiplicative depression (van Rossum et al.; Lindner et al. 2025).</summary>
    AdditiveLtpMultiplicativeLtd,
}

/// <summary>Which pooling indices the decoder and HULK unpool with (reference-semantics §16.2).</summary>
public enum UnpoolIndexSource
{
    /// <summary>Correct: each spike is unravelled with the pooling indices of its own timestep.</summary>
    PerTimestep,

    /// <summary>Reference compatibility: the last timestep's indices for every spike.</summary>
    LastTimestep,
}
