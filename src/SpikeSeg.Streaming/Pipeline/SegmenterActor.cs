using System.Diagnostics;
using System.Threading.Channels;
using SpikeSeg.Actors.Runtime;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Telemetry;

namespace SpikeSeg.Streaming.Pipeline;

/// <summary>
/// Decoder + HULK-SMASH + tracker as an actor. It reads weights only through the immutable snapshots that came
/// with each step, so it never touches a layer's live arrays, and writes frames into a bounded channel: a slow
/// sink fills it and the backpressure travels up through every mailbox to the source.
/// </summary>
public sealed class SegmenterActor(
    Func<Segmenter> segmenterFactory,
    string stream,
    ChannelWriter<SegmentationFrame> frames,
    PipelineCounters counters,
    IStepObserver? observer = null,
    System.Buffers.ArrayPool<Core.Network.InputCell>? inputPool = null) : Actor
{
    private Segmenter _segmenter = null!;

    protected override void PreStart() => _segmenter = segmenterFactory();

    protected override void PreRestart(Exception reason, object? message)
    {
        counters.AddRestart();
        SpikeSegTelemetry.Restarts.Add(1, SpikeSegTelemetry.Stream(stream), SpikeSegTelemetry.Stage("segmenter"));
        if (Context.RetryOnceThenSkip() == RetryDecision.Skipped)
        {
            counters.AddSkipped(message is PipelineStep step ? step.Events : 0);
            SpikeSegTelemetry.StepsSkipped.Add(1, SpikeSegTelemetry.Stream(stream), SpikeSegTelemetry.Stage("segmenter"));
        }
    }

    /// <summary>Step counters, the step's wall time through the network, and its span (created only when sampled).</summary>
    private void Record(PipelineStep step, SegmentationFrame frame)
    {
        var tag = SpikeSegTelemetry.Stream(stream);
        SpikeSegTelemetry.Steps.Add(1, tag);
        if (frame.Instances.Count > 0)
        {
            SpikeSegTelemetry.Detections.Add(frame.Instances.Count, tag);
        }

        if (step.InputCompleteTimestamp == 0)
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(step.InputCompleteTimestamp);
        SpikeSegTelemetry.StepDuration.Record(elapsed.TotalSeconds, tag);
        if (SpikeSegTelemetry.Activities.HasListeners())
        {
            using var span = SpikeSegTelemetry.Activities.StartActivity("spikeseg.step", ActivityKind.Internal, parentContext: default, startTime: DateTimeOffset.UtcNow - elapsed);
            span?.SetTag("spikeseg.stream", stream);
            span?.SetTag("spikeseg.step", step.StepIndex);
            span?.SetTag("spikeseg.events", step.Events);
            span?.SetTag("spikeseg.instances", frame.Instances.Count);
        }
    }

    protected override async ValueTask ReceiveAsync(object message)
    {
        switch (message)
        {
            case PipelineStep step:
                _segmenter.UpdateWeights(step.Conv1Weights!, step.Conv2Weights!, step.Conv3Weights!);
                var frame = _segmenter.Segment(stream, step.StepIndex, step.StartUs, step.EndUs, step.Events, step.Pool1, step.Pool2, step.Classification, step.Input.Span);
                counters.AddStepOut();
                counters.AddFrame(frame.Instances.Count);
                Record(step, frame);
                observer?.OnStep(step, frame);
                await frames.WriteAsync(frame).ConfigureAwait(false);
                if (step.RentedInput is { } rented)
                {
                    // Last, so that nothing after it can fail: a failed step is retried with the same message and
                    // must find its input intact (a step that fails for good leaves the array to the collector).
                    inputPool?.Return(rented);
                }

                break;
            case EndOfStream:
                frames.TryComplete();
                break;
            case GapReset:
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
