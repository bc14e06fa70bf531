using SpikeSeg.Core.Output;

namespace SpikeSeg.Streaming.Pipeline;

/// <summary>
/// A read-only tap on the segmenter: sees every step that reached it with the frame it produced (the live dashboard
/// uses it). Called on the segmenter actor's thread, so it must return quickly and never throw. The weight snapshots
/// and spike arrays are immutable once sent, so it may keep references to them; the step's <see cref="PipelineStep.Input"/>
/// goes back to the pipeline's pool after the call, so it must be read (or copied) during it.
/// </summary>
public interface IStepObserver
{
    void OnStep(PipelineStep step, SegmentationFrame frame);
}
