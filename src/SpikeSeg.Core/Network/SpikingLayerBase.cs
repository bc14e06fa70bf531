namespace SpikeSeg.Core.Network;

/// <summary>What both layer engines share: geometry, dynamics, weights, thresholds and input checking.</summary>
public abstract class SpikingLayerBase : ISpikingLayer
{
    private readonly float[] channelThresholds;
    private readonly List<InputCell> orderedInput = [];
    private readonly CanonicalCellOrder inputOrder;
    private bool fireOnce = true;

    protected SpikingLayerBase(ConvGeometry geometry, NeuronParameters neuron)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        Geometry = geometry;
        Neuron = neuron;
        inputOrder = new CanonicalCellOrder(geometry.InHeight, geometry.InWidth);
        Weights = new ConvWeights(geometry.OutChannels, geometry.InChannels, geometry.Kernel);
        channelThresholds = new float[geometry.OutChannels];
        channelThresholds.AsSpan().Fill(neuron.Threshold);
    }

    public ConvGeometry Geometry { get; }

    public NeuronParameters Neuron { get; }

    public ConvWeights Weights { get; }

    public bool FireOnce
    {
        get => fireOnce;
        set
        {
            if (value != fireOnce)
            {
                fireOnce = value;
                OnDynamicsChanged();
            }
        }
    }

    public abstract long StepsSinceReset { get; }

    public ReadOnlySpan<float> ChannelThresholds => channelThresholds;

    protected float[] Thresholds => channelThresholds;

    public void SetChannelThresholds(ReadOnlySpan<float> thresholds)
    {
        if (thresholds.Length != channelThresholds.Length)
        {
            throw new InvalidInputException($"thresholds: expected {channelThresholds.Length} per-channel values, got {thresholds.Length}.");
        }

        for (int c = 0; c < thresholds.Length; c++)
        {
            // θ ≤ 0 would make silent neurons fire every step; no event-driven engine can honour that lazily.
            if (!float.IsFinite(thresholds[c]) || thresholds[c] <= 0)
            {
                throw new InvalidInputException($"thresholds: channel {c} has {thresholds[c]}; thresholds must be positive and finite.");
            }
        }

        for (int c = 0; c < thresholds.Length; c++)
        {
            if (thresholds[c] < channelThresholds[c])
            {
                OnThresholdLowered(c);
            }

            channelThresholds[c] = thresholds[c];
        }
    }

    public void ClearChannelThresholds()
    {
        for (int c = 0; c < channelThresholds.Length; c++)
        {
            if (Neuron.Threshold < channelThresholds[c])
            {
                OnThresholdLowered(c);
            }

            channelThresholds[c] = Neuron.Threshold;
        }
    }

    public abstract void Reset();

    public abstract void Step(ReadOnlySpan<InputCell> input, List<LayerSpike> spikes);

    public abstract void CopyMembraneTo(Span<float> chw);

    public abstract void CopyPreResetTo(Span<float> chw);

    public abstract void CopyCurrentTo(Span<float> chw);

    public abstract void CopyHasFiredTo(Span<bool> chw);

    /// <summary>Fire-once changed: a silent neuron may now be able to fire.</summary>
    protected virtual void OnDynamicsChanged()
    {
    }

    /// <summary>
    /// Channel <paramref name="channel"/>'s threshold went down: its silent neurons at or above the new threshold may
    /// now fire. A raised threshold lets no silent neuron fire, so it needs no hook.
    /// </summary>
    protected virtual void OnThresholdLowered(int channel)
    {
    }

    /// <summary>The input checked and in canonical order: itself when it already is (no copy), else a reused buffer.</summary>
    protected ReadOnlySpan<InputCell> Canonical(ReadOnlySpan<InputCell> input)
    {
        if (InputCells.CheckAndTestCanonical(input, Geometry.InChannels, Geometry.InHeight, Geometry.InWidth))
        {
            return input;
        }

        InputCells.Canonicalize(input, Geometry.InChannels, inputOrder, orderedInput);
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(orderedInput);
    }

    protected void CheckLength<T>(Span<T> chw)
    {
        if (chw.Length != Geometry.OutputLength)
        {
            throw new ArgumentException($"expected {Geometry.OutputLength} values (CHW), got {chw.Length}.", nameof(chw));
        }
    }
}
