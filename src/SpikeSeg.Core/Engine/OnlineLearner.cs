using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Network;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Core.Engine;

/// <summary>Where a layer is in the layer-wise schedule.</summary>
public enum LearningPhase
{
    /// <summary>An earlier layer is still learning.</summary>
    Waiting,

    Active,

    /// <summary>The stop rule ended this layer's learning; its weights are frozen.</summary>
    Done,
}

/// <summary>
/// Online STDP for one layer, applied at the winner's spike (design.md §3): within a window each map can win
/// once, at its first spike; the winner is the spiking neuron with the highest pre-reset potential (ties →
/// lowest index); under <see cref="WtaMode.Both"/> an accepted winner suppresses other maps' winners within the
/// local radius (<see cref="WtaTieRule.Radius"/>) or at the same pixel (<see cref="WtaTieRule.ReferenceSamePixel"/>).
/// The update uses the pre spike times known at that moment: pre cells that fired at or before the post spike →
/// LTP, later or never → LTD — the reference's rule, since a pre spike after the post is LTD either way.
/// At window end: homeostasis, dead-neuron recovery, win counting and, per epoch, the win-count stop rule.
/// </summary>
public sealed class OnlineLearner
{
    private readonly ConvGeometry _geometry;
    private readonly LearningSpec _spec;
    private readonly ILearningRule _rule;
    private readonly WeightBounds _bounds;
    private readonly int _windowsPerEpoch;
    private readonly float[] _preTimes;
    private readonly List<int> _preTouched = [];
    private readonly bool[] _mapDone;
    private readonly bool[] _channelFired;
    private readonly LayerSpike[] _candidate;
    private readonly bool[] _hasCandidate;
    private readonly List<WtaWinner> _acceptedThisWindow = [];
    private readonly List<LayerSpike> _order = [];
    private readonly float[] _rfTimes;
    private readonly float[] _delta;
    private readonly float[] _feature;
    private readonly int[] _wins;
    private float[]? _recoveryScratch;
    private int _windowsInEpoch;

    public OnlineLearner(ConvGeometry geometry, LearningSpec spec, int windowsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowsPerEpoch);
        _geometry = geometry;
        _spec = spec;
        _rule = LearningRules.Create(spec);
        _bounds = WeightBounds.From(spec);
        _windowsPerEpoch = windowsPerEpoch;
        _preTimes = new float[geometry.InputLength];
        _preTimes.AsSpan().Fill(SpikeTime.NeverTrainer);
        int c = geometry.OutChannels;
        _mapDone = new bool[c];
        _channelFired = new bool[c];
        _candidate = new LayerSpike[c];
        _hasCandidate = new bool[c];
        _wins = new int[c];
        int rf = geometry.InChannels * geometry.Kernel * geometry.Kernel;
        _rfTimes = new float[rf];
        _delta = new float[rf];
        _feature = new float[rf];
        Homeostasis = new AdaptiveThresholdManager(c, spec.Homeostasis);
        StopRule = new WinCountStopRule(spec.Convergence);
    }

    public LearningPhase Phase { get; private set; } = LearningPhase.Waiting;

    public AdaptiveThresholdManager Homeostasis { get; }

    public WinCountStopRule StopRule { get; }

    /// <summary>Wins per map since this layer started learning.</summary>
    public ReadOnlySpan<int> Wins => _wins;

    public long Updates { get; private set; }

    public StopDecision LastDecision { get; private set; } = StopDecision.Continue;

    /// <summary>Starts this layer's learning: thresholds back to rest, counters cleared (reference-semantics §10).</summary>
    public void Activate(ISpikingLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Phase = LearningPhase.Active;
        Homeostasis.Reset();
        StopRule.Reset();
        Array.Clear(_wins);
        _windowsInEpoch = 0;
        if (_spec.Homeostasis.Enabled)
        {
            layer.SetChannelThresholds(Homeostasis.Thresholds);
        }
    }

    /// <summary>Restores a checkpointed schedule position.</summary>
    public void Restore(LearningPhase phase, ReadOnlySpan<int> wins, int windowsInEpoch)
    {
        Phase = phase;
        wins.CopyTo(_wins);
        _windowsInEpoch = windowsInEpoch;
    }

    public int WindowsInEpoch => _windowsInEpoch;

    /// <summary>Records when each input cell first fired in this window (call before the layer's step).</summary>
    public void ObserveInput(ReadOnlySpan<InputCell> input, int stepInWindow)
    {
        if (Phase != LearningPhase.Active)
        {
            return;
        }

        int h = _geometry.InHeight, w = _geometry.InWidth;
        foreach (var cell in input)
        {
            int i = (((cell.Channel * h) + cell.Y) * w) + cell.X;
            if (_preTimes[i] < 0)
            {
                _preTimes[i] = stepInWindow;
                _preTouched.Add(i);
            }
        }
    }

    /// <summary>Picks this step's winners among <paramref name="spikes"/> and applies STDP to their features.</summary>
    public int ObserveSpikes(ReadOnlySpan<LayerSpike> spikes, int stepInWindow, ISpikingLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        foreach (var s in spikes)
        {
            _channelFired[s.Channel] = true;
        }

        if (Phase != LearningPhase.Active || spikes.IsEmpty)
        {
            return 0;
        }

        Array.Clear(_hasCandidate);
        foreach (var s in spikes)
        {
            if (!_mapDone[s.Channel] && (!_hasCandidate[s.Channel] || s.PreResetPotential > _candidate[s.Channel].PreResetPotential))
            {
                _candidate[s.Channel] = s;
                _hasCandidate[s.Channel] = true;
            }
        }

        _order.Clear();
        for (int c = 0; c < _candidate.Length; c++)
        {
            if (_hasCandidate[c])
            {
                _order.Add(_candidate[c]);
            }
        }

        _order.Sort(static (a, b) =>
        {
            int byPotential = b.PreResetPotential.CompareTo(a.PreResetPotential);
            return byPotential != 0 ? byPotential : a.Channel.CompareTo(b.Channel);
        });

        int accepted = 0;
        foreach (var s in _order)
        {
            _mapDone[s.Channel] = true;
            if (Suppressed(s))
            {
                continue;
            }

            _acceptedThisWindow.Add(new WtaWinner(s.Channel, s.Y, s.X));
            _wins[s.Channel]++;
            Apply(s, stepInWindow, layer.Weights);
            accepted++;
        }

        Updates += accepted;
        return accepted;
    }

    /// <summary>
    /// Window bookkeeping; returns true when the stop rule ended this layer's learning at this window.
    /// Homeostasis adapts the thresholds of the learning layer only (reference-semantics §7.1).
    /// </summary>
    public bool EndWindow(ISpikingLayer layer, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(random);
        bool stopped = false;
        if (Phase == LearningPhase.Active)
        {
            if (_spec.Homeostasis.Enabled)
            {
                Homeostasis.Update(_channelFired);
                layer.SetChannelThresholds(Homeostasis.Thresholds);
                if (_spec.Homeostasis.DeadNeuronRecovery)
                {
                    // Off, recovery changes nothing and draws nothing, so the copy is skipped (once per window).
                    _recoveryScratch ??= new float[layer.Weights.Oihw.Length];
                    layer.Weights.Oihw.CopyTo(_recoveryScratch);
                    int boosted = DeadNeuronRecovery.Apply(_recoveryScratch, new KernelShape(_geometry.OutChannels, _geometry.InChannels, _geometry.Kernel), Homeostasis, _bounds, random);
                    if (boosted > 0)
                    {
                        layer.Weights.SetAll(_recoveryScratch);
                    }
                }
            }

            if (++_windowsInEpoch >= _windowsPerEpoch)
            {
                _windowsInEpoch = 0;
                LastDecision = StopRule.EndEpoch(_wins);
                if (LastDecision != StopDecision.Continue)
                {
                    Phase = LearningPhase.Done;
                    stopped = true;
                }
            }
        }

        foreach (int i in _preTouched)
        {
            _preTimes[i] = SpikeTime.NeverTrainer;
        }

        _preTouched.Clear();
        Array.Clear(_mapDone);
        Array.Clear(_channelFired);
        _acceptedThisWindow.Clear();
        return stopped;
    }

    private bool Suppressed(LayerSpike s)
    {
        if (_spec.WtaMode != WtaMode.Both)
        {
            return false;
        }

        foreach (var w in _acceptedThisWindow)
        {
            bool clash = _spec.WtaTieRule == WtaTieRule.Radius
                ? Math.Max(Math.Abs(w.Y - s.Y), Math.Abs(w.X - s.X)) <= _spec.WtaLocalRadius
                : w.Y == s.Y && w.X == s.X;
            if (clash)
            {
                return true;
            }
        }

        return false;
    }

    private void Apply(LayerSpike winner, int postTime, ConvWeights weights)
    {
        int k = _geometry.Kernel, p = _geometry.Padding, h = _geometry.InHeight, w = _geometry.InWidth;
        int n = 0;
        for (int ci = 0; ci < _geometry.InChannels; ci++)
        {
            for (int a = 0; a < k; a++)
            {
                int y = winner.Y - p + a;
                for (int b = 0; b < k; b++)
                {
                    int x = winner.X - p + b;
                    _rfTimes[n++] = (uint)y < (uint)h && (uint)x < (uint)w
                        ? _preTimes[(((ci * h) + y) * w) + x]
                        : float.PositiveInfinity; // padding never fired: LTD, as the reference's +∞ padding
                }
            }
        }

        weights.Feature(winner.Channel).CopyTo(_feature);
        Array.Clear(_delta);
        _rule.AccumulateReceptiveField(_feature, _rfTimes, postTime, _delta);
        for (int i = 0; i < _feature.Length; i++)
        {
            _feature[i] = _bounds.Clip(_feature[i] + _delta[i]);
        }

        weights.SetFeature(winner.Channel, _feature);
    }
}
