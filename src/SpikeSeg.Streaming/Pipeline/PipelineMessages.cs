using SpikeSeg.Core.Network;

namespace SpikeSeg.Streaming.Pipeline;

/// <summary>
/// One step travelling down the layer actors. Immutable once sent: every stage makes a new message with its own
/// outputs, so no array is ever shared between two threads that could both write it.
/// </summary>
/// <remarks>
/// <see cref="Input"/> lives in an array rented from the pipeline's pool (a busy 1280 × 720 sensor gives ~100 KB of
/// cells per 1 ms step, each a large-object allocation that only a full collection would free): the segmenter
/// returns it once the step's frame is out, so nothing may keep <see cref="Input"/> past that (see
/// <see cref="IStepObserver"/>).
/// </remarks>
/// <param name="Input">The step's network input cells, kept for the segmenter (which input pixels were active).</param>
/// <param name="Cells">The input of the stage that receives this message.</param>
/// <param name="Pool1">Pool1 spikes with their argmax indices (filled by conv1, read by the segmenter).</param>
/// <param name="Pool2">Pool2 spikes with their argmax indices (filled by conv2).</param>
/// <param name="Classification">Conv3 spikes (filled by conv3).</param>
/// <param name="Conv1Weights">The weight snapshot each layer used after this step's learning.</param>
/// <param name="HandOffLearning">An upstream layer finished learning at this step's window end; the next learning layer starts.</param>
public sealed record PipelineStep(
    long StepIndex,
    long StartUs,
    long EndUs,
    int Events,
    ReadOnlyMemory<InputCell> Input,
    ReadOnlyMemory<InputCell> Cells,
    PooledSpike[] Pool1,
    PooledSpike[] Pool2,
    LayerSpike[] Classification,
    ConvWeightsSnapshot? Conv1Weights,
    ConvWeightsSnapshot? Conv2Weights,
    ConvWeightsSnapshot? Conv3Weights,
    bool HandOffLearning)
{
    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of the moment the step's input was complete (step duration, step span).</summary>
    public long InputCompleteTimestamp { get; init; }

    /// <summary>The pooled array behind <see cref="Input"/>, which the segmenter returns after the step (null: not pooled).</summary>
    internal InputCell[]? RentedInput { get; init; }
}

/// <summary>Sent after the last step; each stage forwards it once it has finished everything before it.</summary>
public sealed record EndOfStream(long Steps);

/// <summary>A quiet gap longer than the simulated limit: every layer resets its state (as the engine does).</summary>
public sealed record GapReset(long SkippedSteps);
