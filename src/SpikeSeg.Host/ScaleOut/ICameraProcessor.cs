using SpikeSeg.Streaming.Wire;

namespace SpikeSeg.Host.ScaleOut;

/// <summary>What a consumer runs for each camera batch: the pipeline of one camera, resumable from a checkpoint.</summary>
public interface ICameraProcessor
{
    /// <summary>Highest input sequence already folded into the processor's state (from its checkpoint), or null.</summary>
    ulong? LastSequence { get; }

    /// <summary>Processes one batch (in sequence order) and returns its results with the same sequence number.</summary>
    ValueTask<FrameBatch> ProcessAsync(EventBatch batch, CancellationToken ct);

    /// <summary>Called after the batch's results were confirmed by the broker and its input acknowledged.</summary>
    ValueTask CommittedAsync(ulong sequence, CancellationToken ct);
}
