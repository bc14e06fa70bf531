namespace SpikeSeg.Core.Network;

/// <summary>
/// A spiking convolution layer (conv → LIF/IF, reference-semantics §2.1) that owns its weights and state. Two
/// engines implement it with one behaviour: <see cref="DenseSpikingLayer"/> (the oracle, every neuron every step)
/// and <see cref="EventDrivenSpikingLayer"/> (only neurons that receive input).
/// </summary>
public interface ISpikingLayer
{
    ConvGeometry Geometry { get; }

    NeuronParameters Neuron { get; }

    /// <summary>The layer's weights; mutate them only through <see cref="ConvWeights.SetFeature"/> / <see cref="ConvWeights.SetAll"/>.</summary>
    ConvWeights Weights { get; }

    /// <summary>Each neuron spikes at most once between resets (the reference's training mode).</summary>
    bool FireOnce { get; set; }

    /// <summary>Steps run since the last <see cref="Reset"/>.</summary>
    long StepsSinceReset { get; }

    /// <summary>The threshold of each output channel in force (the configured θ unless homeostasis supplied others).</summary>
    ReadOnlySpan<float> ChannelThresholds { get; }

    /// <summary>Per-channel thresholds θ_c (homeostasis); the leak stays the configured one.</summary>
    void SetChannelThresholds(ReadOnlySpan<float> thresholds);

    /// <summary>Back to the configured scalar threshold.</summary>
    void ClearChannelThresholds();

    /// <summary>Membranes to 0, fire-once marks cleared (start of a window in training mode).</summary>
    void Reset();

    /// <summary>
    /// One timestep: input cells (any order, no duplicates) → the spikes of this step appended to
    /// <paramref name="spikes"/> (cleared first) in canonical (channel, row, column) order.
    /// </summary>
    void Step(ReadOnlySpan<InputCell> input, List<LayerSpike> spikes);

    /// <summary>Membranes after the last step, CHW.</summary>
    void CopyMembraneTo(Span<float> chw);

    /// <summary>Potentials after integration and clamp, before threshold and reset, of the last step, CHW.</summary>
    void CopyPreResetTo(Span<float> chw);

    /// <summary>Input current of the last step, CHW.</summary>
    void CopyCurrentTo(Span<float> chw);

    /// <summary>Fire-once marks, CHW.</summary>
    void CopyHasFiredTo(Span<bool> chw);
}
