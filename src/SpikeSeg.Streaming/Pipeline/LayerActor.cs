using System.Runtime.InteropServices;
using SpikeSeg.Actors.Runtime;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Network;
using SpikeSeg.Streaming.Telemetry;

namespace SpikeSeg.Streaming.Pipeline;

/// <summary>
/// One encoder layer as an actor: it alone owns the layer's weights, thresholds and learning state, runs
/// integrate-and-fire, pooling, WTA and STDP for each step, publishes an immutable weight snapshot, and
/// passes a new message downstream. On a failure the supervisor restarts it; the fresh instance resumes from the
/// last snapshot and the failed step is retried once, then skipped and counted (design.md §5).
/// </summary>
public sealed class LayerActor : Actor
{
    private readonly LayerHome _home;
    private readonly IActorRef _next;
    private readonly PipelineCounters _counters;
    private readonly ConvWeightsSnapshot _initialWeights;
    private readonly bool _activeAtStart;
    private LayerStage _stage = null!;
    private ConvWeightsSnapshot? _published;

    public LayerActor(LayerHome home, IActorRef next, PipelineCounters counters, ConvWeightsSnapshot initialWeights, bool activeAtStart)
    {
        _home = home;
        _next = next;
        _counters = counters;
        _initialWeights = initialWeights;
        _activeAtStart = activeAtStart;
    }

    protected override void PreStart()
    {
        _stage = _home.Build(_initialWeights, _activeAtStart);
        _published = null;
    }

    protected override void PreRestart(Exception reason, object? message)
    {
        _counters.AddRestart();
        var stream = SpikeSegTelemetry.Stream(_home.Options.StreamName);
        var stage = SpikeSegTelemetry.Stage(LayerName);
        SpikeSegTelemetry.Restarts.Add(1, stream, stage);
        if (Context.RetryOnceThenSkip() == RetryDecision.Skipped)
        {
            _counters.AddSkipped(message is PipelineStep step ? step.Events : 0);
            SpikeSegTelemetry.StepsSkipped.Add(1, stream, stage);
        }
    }

    protected override async ValueTask ReceiveAsync(object message)
    {
        switch (message)
        {
            case PipelineStep step:
                var output = Process(step);
                await _next.TellAsync(output).ConfigureAwait(false);
                break;
            case EndOfStream end:
                await _next.TellAsync(end).ConfigureAwait(false);
                break;
            case GapReset gap:
                _stage.ResetState();
                await _next.TellAsync(gap).ConfigureAwait(false);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private string LayerName => $"conv{_home.Index + 1}";

    private void RecordStep(int spikes, long updates)
    {
        var stream = SpikeSegTelemetry.Stream(_home.Options.StreamName);
        var layer = SpikeSegTelemetry.Layer(LayerName);
        if (spikes > 0)
        {
            SpikeSegTelemetry.Spikes.Add(spikes, stream, layer);
        }

        if (updates > 0)
        {
            SpikeSegTelemetry.StdpUpdates.Add(updates, stream, layer);
        }
    }

    /// <summary>
    /// The snapshot of the layer's current weights: a new one only when they changed since the last, so a frozen
    /// layer publishes the same object every step and readers can tell by reference that nothing moved.
    /// </summary>
    private ConvWeightsSnapshot Publish()
    {
        var weights = _stage.Layer.Weights;
        if (_published is null || _published.Version != weights.Version)
        {
            _published = weights.Snapshot();
        }

        return _published;
    }

    private PipelineStep Process(PipelineStep step)
    {
        if (_home.AttemptStep != step.StepIndex)
        {
            _home.AttemptStep = step.StepIndex;
            _home.Attempts = 0;
        }

        _home.Attempts++;
        _home.FaultInjector?.Invoke(_home.Index, step.StepIndex, _home.Attempts);

        int stepsPerWindow = _home.Spec.Input.StepsPerWindow;
        int stepInWindow = (int)(step.StepIndex % stepsPerWindow);
        if (stepInWindow == 0 && !_home.Options.Continuous)
        {
            _stage.ResetState();
        }

        long updatesBefore = _stage.Learner?.Updates ?? 0;
        _stage.Step(step.Cells.Span, stepInWindow);
        var weights = Publish();
        bool stopped = stepInWindow == stepsPerWindow - 1 && _stage.EndWindow();
        bool handOff = step.HandOffLearning;
        if (handOff && _stage.Learner?.Phase == LearningPhase.Waiting)
        {
            // An upstream layer stopped learning at this window's end; this one starts with the next step, after
            // closing the window it did not learn in — the order the single-threaded engine uses.
            _stage.Learner.Activate(_stage.Layer);
            handOff = false;
        }

        handOff |= stopped;
        RecordStep(_stage.Spikes.Length, (_stage.Learner?.Updates ?? 0) - updatesBefore);

        _home.Last = new LayerHome.Snapshot(
            Publish(),
            _stage.Layer.ChannelThresholds.ToArray(),
            _stage.Learner?.Phase ?? LearningPhase.Waiting,
            _stage.Learner?.Wins.ToArray() ?? [],
            _stage.Learner?.WindowsInEpoch ?? 0);

        var cells = _stage.Output.ToArray();
        return _home.Index switch
        {
            0 => step with { Cells = cells, Pool1 = _stage.Pooled.ToArray(), Conv1Weights = weights, HandOffLearning = handOff },
            1 => step with { Cells = cells, Pool2 = _stage.Pooled.ToArray(), Conv2Weights = weights, HandOffLearning = handOff },
            _ => step with { Cells = ReadOnlyMemory<InputCell>.Empty, Classification = _stage.Spikes.ToArray(), Conv3Weights = weights, HandOffLearning = handOff },
        };
    }
}
