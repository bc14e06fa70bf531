using SpikeSeg.Actors.Runtime;

namespace SpikeSeg.Streaming.Pipeline;

/// <summary>Bounds and supervision of a <see cref="SegmentationPipeline"/>.</summary>
public sealed record PipelineOptions
{
    /// <summary>Steps a layer actor's mailbox holds; the source waits when conv1's is full.</summary>
    public int MailboxCapacity { get; init; } = 64;

    /// <summary>Frames the output channel holds; the segmenter waits when the sink falls behind.</summary>
    public int FrameCapacity { get; init; } = 64;

    /// <summary>
    /// Exception type → directive for every stage, with a restart budget (N restarts in T, then escalate to the
    /// guardian, which stops the pipeline and reports the failure).
    /// </summary>
    public SupervisorStrategy Supervision { get; init; } =
        SupervisorStrategy.OneForOne(maxRestarts: 20, restartWindow: TimeSpan.FromMinutes(1), otherwise: Directive.Restart)
            .With<OutOfMemoryException>(Directive.Escalate);

    /// <summary>Test hook passed to every layer actor (stage index, step, attempt).</summary>
    public Action<int, long, int>? FaultInjector { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Optional tap on every segmented step (the dashboard); null costs nothing.</summary>
    public IStepObserver? StepObserver { get; init; }
}
