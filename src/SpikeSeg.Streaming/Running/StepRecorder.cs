using SpikeSeg.Core.Encoding;

namespace SpikeSeg.Streaming.Running;

/// <summary>
/// Forwards binner steps to the engine and keeps the last step's active cells, so a sink can render the
/// events behind a frame without the engine holding on to them.
/// </summary>
public sealed class StepRecorder(IStepSink inner) : IStepSink
{
    private readonly List<(ushort Y, ushort X, byte Channel)> _cells = [];

    /// <summary>Active cells of the most recent non-empty step (cleared on an empty step).</summary>
    public IReadOnlyList<(ushort Y, ushort X, byte Channel)> LastCells => _cells;

    public void OnStep(SparseStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _cells.Clear();
        for (int i = 0; i < step.Count; i++)
        {
            _cells.Add((step.Y[i], step.X[i], step.Channel[i]));
        }

        inner.OnStep(step);
    }

    public void OnEmptySteps(long firstStepIndex, long stepCount, long firstStartUs)
    {
        _cells.Clear();
        inner.OnEmptySteps(firstStepIndex, stepCount, firstStartUs);
    }
}
