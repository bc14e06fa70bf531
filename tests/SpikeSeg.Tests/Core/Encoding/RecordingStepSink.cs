using SpikeSeg.Core.Encoding;

namespace SpikeSeg.Tests.Core.Encoding;

/// <summary>Copies every step a binner emits; empty runs are kept as runs and can be expanded.</summary>
internal sealed class RecordingStepSink : IStepSink
{
    public List<RecordedStep> Steps { get; } = [];

    public List<(long First, long Count, long StartUs)> EmptyRuns { get; } = [];

    /// <summary>Step indices in emission order, empty runs expanded (use only with small runs).</summary>
    public List<long> Order { get; } = [];

    public void OnStep(SparseStep step)
    {
        var cells = new List<RecordedCell>();
        for (int i = 0; i < step.Count; i++)
        {
            cells.Add(new RecordedCell(step.Channel[i], step.Y[i], step.X[i], step.RawCount[i], step.Value[i]));
        }

        Steps.Add(new RecordedStep(step.StepIndex, step.StartUs, step.EndUs, step.EventCount, step.MaxCount, cells));
        Order.Add(step.StepIndex);
    }

    public void OnEmptySteps(long firstStepIndex, long stepCount, long firstStartUs)
    {
        EmptyRuns.Add((firstStepIndex, stepCount, firstStartUs));
        if (stepCount <= 100_000)
        {
            for (long k = 0; k < stepCount; k++)
            {
                Order.Add(firstStepIndex + k);
            }
        }
    }
}

internal sealed record RecordedStep(long Index, long StartUs, long EndUs, long EventCount, int MaxCount, List<RecordedCell> Cells);

internal readonly record struct RecordedCell(int Channel, int Y, int X, int RawCount, float Value);
