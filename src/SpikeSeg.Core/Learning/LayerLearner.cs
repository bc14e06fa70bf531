using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Core.Learning;

/// <summary>What one sample's learning did.</summary>
/// <param name="Winners">The WTA winners, in the order they were learned.</param>
/// <param name="UpdateCount">The reference's update count (InChannels·k² per applied winner).</param>
/// <param name="MapsRecovered">Maps whose weights the dead-neuron recovery perturbed.</param>
public sealed record SampleLearning(WtaWinner[] Winners, int UpdateCount, int MapsRecovered);

/// <summary>
/// The learning state of one trained layer and the per-sample sequence that follows its forward pass
/// (reference-semantics §10, <c>_train_step</c> after <c>encode</c>): homeostasis update → WTA winners →
/// STDP → dead-neuron recovery; plus the epoch bookkeeping of §8. The caller runs the forward pass with
/// <see cref="Thresholds"/> (when homeostasis is on) and owns the weights.
/// </summary>
public sealed class LayerLearner
{
    private readonly bool[] _firedScratch;

    public LayerLearner(KernelShape kernel, SpikeMapShape postShape, LearningSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (postShape.Channels != kernel.OutChannels)
        {
            throw new ArgumentException($"post map has {postShape.Channels} channels, the kernel {kernel.OutChannels}", nameof(postShape));
        }

        if (spec.WtaLocalRadius < 0)
        {
            throw new InvalidInputException($"learning.wtaLocalRadius: {spec.WtaLocalRadius} must be ≥ 0");
        }

        Kernel = kernel;
        PostShape = postShape;
        Spec = spec;
        Rule = LearningRules.Create(spec);
        Bounds = WeightBounds.From(spec);
        Thresholds = spec.Homeostasis.Enabled ? new AdaptiveThresholdManager(kernel.OutChannels, spec.Homeostasis) : null;
        Cooldown = new SpatialCooldown(postShape);
        Wins = new WinCounts(kernel.OutChannels);
        StopRule = new WinCountStopRule(spec.Convergence);
        _firedScratch = new bool[kernel.OutChannels];
    }

    public KernelShape Kernel { get; }

    public SpikeMapShape PostShape { get; }

    public LearningSpec Spec { get; }

    public ILearningRule Rule { get; }

    public WeightBounds Bounds { get; }

    /// <summary>Per-map adaptive thresholds, or null when homeostasis is disabled (static layer thresholds apply).</summary>
    public AdaptiveThresholdManager? Thresholds { get; }

    public SpatialCooldown Cooldown { get; }

    public WinCounts Wins { get; }

    public WinCountStopRule StopRule { get; }

    /// <summary>The start of this layer's training: thresholds to rest, win counts, cooldown and stop rule cleared.</summary>
    public void BeginLayer()
    {
        Thresholds?.Reset();
        Wins.Reset();
        Cooldown.Clear();
        StopRule.Reset();
    }

    /// <summary>The start of an epoch: the spatial cooldown is cleared.</summary>
    public void BeginEpoch() => Cooldown.Clear();

    /// <summary>
    /// Learns from one sample. <paramref name="postSpikeCounts"/> is the layer's spikes summed over the window
    /// ([C, H, W]); <paramref name="postTimes"/> its first spike times; <paramref name="preTimes"/> the first spike
    /// times of its input (pool output); <paramref name="preResetPotential"/> may be empty.
    /// </summary>
    public SampleLearning LearnSample(
        Span<float> weights,
        ReadOnlySpan<float> preTimes,
        SpikeMapShape preShape,
        ReadOnlySpan<float> postTimes,
        ReadOnlySpan<float> postSpikeCounts,
        ReadOnlySpan<float> preResetPotential,
        DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Thresholds is not null)
        {
            AdaptiveThresholdManager.FiredMaps(postSpikeCounts, PostShape, 1, _firedScratch);
            Thresholds.Update(_firedScratch);
        }

        var winners = TrainerWta.FindWinners(postTimes, postSpikeCounts, PostShape, Spec.WtaMode, Spec.WtaTieRule, Spec.WtaLocalRadius, preResetPotential, Cooldown);
        Wins.Record(winners);
        int updates = TrainerStdpUpdate.Apply(weights, Kernel, preTimes, preShape, postTimes, PostShape, winners, Rule, Bounds);
        int recovered = Thresholds is null ? 0 : DeadNeuronRecovery.Apply(weights, Kernel, Thresholds, Bounds, random);
        return new SampleLearning(winners, updates, recovered);
    }

    /// <summary>The end of an epoch: the stop rule's decision from the accumulated win counts.</summary>
    public StopDecision EndEpoch() => StopRule.EndEpoch(Wins.Wins);
}
