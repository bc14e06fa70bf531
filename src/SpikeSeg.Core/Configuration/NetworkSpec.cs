using SpikeSeg.Core.Events;

namespace SpikeSeg.Core.Configuration;

/// <summary>
/// The whole SpikeSEG configuration: input encoding, the three-layer encoder, learning, decoding.
/// Presets (<c>config/presets/*.json</c>) deserialise into this; <see cref="SpecValidator"/> checks it.
/// </summary>
public sealed record NetworkSpec
{
    public required string Name { get; init; }

    public required InputSpec Input { get; init; }

    public required LayerSpec Conv1 { get; init; }

    public required PoolSpec Pool1 { get; init; }

    public required LayerSpec Conv2 { get; init; }

    public required PoolSpec Pool2 { get; init; }

    /// <summary>Classification layer: one map per class.</summary>
    public required LayerSpec Conv3 { get; init; }

    public required LearningSpec Learning { get; init; }

    public required DecoderSpec Decoder { get; init; }

    /// <summary>
    /// Sensor assumed by streaming sources whose format does not state its geometry (raw stdin, sockets);
    /// a file's own header always wins. Default: DAVIS 240×180, the reference's EBSSA geometry.
    /// </summary>
    public SensorGeometry DefaultSensor { get; init; } = SensorGeometry.Davis240C;

    /// <summary>Seed of every random draw (weight init, dead-neuron recovery).</summary>
    public ulong Seed { get; init; } = 42;
}

/// <summary>How events become the network's per-step input (reference-semantics §1.2).</summary>
/// <param name="Width">Network input width (events are resized with the reference formula when it differs from the sensor).</param>
/// <param name="Height">Network input height.</param>
/// <param name="PolarityChannels">2 = ON and OFF in separate channels (ON → 0, OFF → 1), 1 = merged.</param>
/// <param name="StepUs">Step length dt in µs.</param>
/// <param name="StepsPerWindow">Steps per training window (state reset and fire-once per window).</param>
/// <param name="Normalize">Divide each step by its own maximum.</param>
public sealed record InputSpec(int Width, int Height, int PolarityChannels, long StepUs, int StepsPerWindow, bool Normalize = true);

/// <summary>STDP, WTA, homeostasis and the stop rule.</summary>
public sealed record LearningSpec
{
    public LearningRuleKind Rule { get; init; } = LearningRuleKind.Multiplicative;

    /// <summary>a⁺ (IGARSS 2023: 0.04).</summary>
    public float LearningRatePlus { get; init; } = 0.04f;

    /// <summary>a⁻ (IGARSS 2023: 0.03).</summary>
    public float LearningRateMinus { get; init; } = 0.03f;

    /// <summary>Time constant of the exponential pair rule, in steps.</summary>
    public float TraceTauSteps { get; init; } = 2f;

    public float WeightMin { get; init; }

    public float WeightMax { get; init; } = 1f;

    public float InitMean { get; init; } = 0.8f;

    public float InitStd { get; init; } = 0.01f;

    public WtaMode WtaMode { get; init; } = WtaMode.Both;

    public WtaTieRule WtaTieRule { get; init; } = WtaTieRule.Radius;

    public int WtaLocalRadius { get; init; } = 2;

    public HomeostasisSpec Homeostasis { get; init; } = new();

    public ConvergenceSpec Convergence { get; init; } = new();

    /// <summary>Use the fixed DoG bank for conv1 (σ 1 / 2) instead of learned weights.</summary>
    public bool DogConv1 { get; init; } = true;
}

/// <summary>Per-map adaptive thresholds (reference-semantics §7.1).</summary>
public sealed record HomeostasisSpec
{
    public bool Enabled { get; init; } = true;

    public float ThetaRest { get; init; } = 0.1f;

    public float ThetaPlus { get; init; } = 0.02f;

    public float TauTheta { get; init; } = 500f;

    public float ThetaMax { get; init; } = 10f;

    public bool DeadNeuronRecovery { get; init; } = true;

    public float DeadThreshold { get; init; } = 0.01f;

    public float RecoveryBoost { get; init; } = 0.1f;
}

/// <summary>The win-count stop rule (reference-semantics §8) and the weight convergence metric.</summary>
public sealed record ConvergenceSpec
{
    public int MinWinsPerFeature { get; init; } = 10;

    public float TargetRatio { get; init; } = 0.90f;

    public int Patience { get; init; } = 20;

    public int MaxEpochs { get; init; } = 50;

    /// <summary>C = mean(w(1−w)) below which a layer's weights count as converged (reported, not the stop rule).</summary>
    public float WeightMetricThreshold { get; init; } = 0.01f;
}

/// <summary>Decoder and HULK-SMASH settings (reference-semantics §4, §11, §12).</summary>
public sealed record DecoderSpec
{
    public float Threshold { get; init; } = 1.0f;

    public float Leak { get; init; }

    public bool DelayConnections { get; init; } = true;

    public float DelayDecay { get; init; } = 0.9f;

    /// <summary>HULK activity threshold τ ∈ [0, 1].</summary>
    public float HulkThreshold { get; init; } = 0.5f;

    public float SmashThreshold { get; init; }

    public UnpoolIndexSource UnpoolIndices { get; init; } = UnpoolIndexSource.PerTimestep;
}
