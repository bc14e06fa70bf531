using SpikeSeg.Core.Output;

namespace SpikeSeg.Streaming.Pipeline;

/// <summary>
/// Drains a pipeline's frames into a sink under a Resume policy: a frame the sink fails to take is counted
/// (<see cref="PipelineCounters.SinkFailures"/>) and the stream goes on, because one unwritable frame must not
/// stop a camera. After <paramref name="maxConsecutiveFailures"/> failures in a row the sink is considered dead
/// and the last failure is rethrown.
/// </summary>
public static class FrameSinkRunner
{
    public static async Task<long> RunAsync(SegmentationPipeline pipeline, Func<SegmentationFrame, ValueTask> sink, int maxConsecutiveFailures = 100, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(sink);
        long written = 0;
        int consecutive = 0;
        await foreach (var frame in pipeline.Frames.ReadAllAsync(ct).ConfigureAwait(false))
        {
            try
            {
                await sink(frame).ConfigureAwait(false);
                written++;
                consecutive = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                pipeline.Counters.AddSinkFailure();
                if (++consecutive >= maxConsecutiveFailures)
                {
                    throw;
                }
            }
        }

        return written;
    }
}
