using System.Threading.Channels;
using SpikeSeg.Actors.Runtime;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Output;

namespace SpikeSeg.Streaming.Pipeline;

/// <summary>
/// Decoder + HULK-SMASH + tracker as an actor. It reads weights only through the immutable snapshots that came
/// with each step, so it never touches a layer's live arrays, and writes frames into a bounded channel: a slow
/// sink fills it and the backpressure travels up through every mailbox to the source.
/// </summary>
public sealed class SegmenterActor(Func<Segmenter> segmenterFactory, string stream, ChannelWriter<SegmentationFrame> frames, PipelineCounters counters) : Actor
{
    private Segmenter _segmenter = null!;

    protected override void PreStart() => _segmenter = segmenterFactory();

    protected override void PreRestart(Exception reason, object? message)
    {
        counters.AddRestart();
        if (Context.RetryOnceThenSkip() == RetryDecision.Skipped)
        {
            counters.AddSkipped(message is PipelineStep step ? step.Events : 0);
        }
    }

    protected override async ValueTask ReceiveAsync(object message)
    {
        switch (message)
        {
            case PipelineStep step:
                _segmenter.UpdateWeights(step.Conv1Weights!, step.Conv2Weights!, step.Conv3Weights!);
                var frame = _segmenter.Segment(stream, step.StepIndex, step.StartUs, step.EndUs, step.Events, step.Pool1, step.Pool2, step.Classification, step.Input);
                counters.AddStepOut();
                counters.AddFrame(frame.Instances.Count);
                await frames.WriteAsync(frame).ConfigureAwait(false);
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
