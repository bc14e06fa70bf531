using SpikeSeg.Core.Checkpoints;
using SpikeSeg.Core.Learning;

namespace SpikeSeg.Core.Engine;

/// <summary>Captures an engine's learned state into a <see cref="ModelCheckpoint"/> and restores it.</summary>
public static class EngineCheckpoint
{
    public static ModelCheckpoint Capture(SpikeSegEngine engine, IReadOnlyList<ConvergencePoint>? history = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var layers = engine.Stages.Select(s => new LayerState(
            s.Name,
            [s.Layer.Weights.OutChannels, s.Layer.Weights.InChannels, s.Layer.Weights.Kernel, s.Layer.Weights.Kernel],
            s.Layer.Weights.Oihw.ToArray(),
            s.Layer.ChannelThresholds.ToArray(),
            s.Learner is null ? new long[s.Layer.Weights.OutChannels] : s.Learner.Wins.ToArray().Select(w => (long)w).ToArray())).ToList();
        int current = CurrentLayer(engine);
        bool anyLearner = engine.Stages.Any(s => s.Learner is not null);
        var phase = !anyLearner && current == 3 ? TrainingPhase.Untrained
            : current >= 3 ? TrainingPhase.Trained
            : TrainingPhase.Training;
        var active = current < 3 ? engine.Stages[current].Learner : null;
        return new ModelCheckpoint
        {
            Spec = engine.Spec,
            Layers = layers,
            Progress = new TrainingProgress
            {
                Phase = phase,
                CurrentLayer = current,
                Epoch = active?.StopRule.EpochsCompleted ?? 0,
                Step = engine.NextStep,
                SamplesSeen = engine.Statistics.Windows,
                History = history ?? [],
                RngState = engine.Random.GetState(),
            },
        };
    }

    /// <summary>
    /// Loads weights, thresholds, win counts, the layer-wise schedule position and the RNG state. The
    /// checkpoint's spec must describe the same network shape as the engine's.
    /// </summary>
    public static void Restore(SpikeSegEngine engine, ModelCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(checkpoint);
        string? problem = checkpoint.FindProblem();
        if (problem is not null)
        {
            throw new InvalidInputException($"checkpoint: {problem}");
        }

        for (int i = 0; i < 3; i++)
        {
            var stage = engine.Stages[i];
            var state = checkpoint.Layers[i];
            if (state.Weights.Length != stage.Layer.Weights.Oihw.Length || state.Thresholds.Length != stage.Layer.ChannelThresholds.Length)
            {
                throw new InvalidInputException($"checkpoint: layer {state.Name} has shape [{string.Join(',', state.Shape)}], the configured network differs");
            }

            stage.Layer.Weights.SetAll(state.Weights);
            stage.Layer.SetChannelThresholds(state.Thresholds);
            if (stage.Learner is not null)
            {
                var phase = i < checkpoint.Progress.CurrentLayer ? LearningPhase.Done
                    : i == checkpoint.Progress.CurrentLayer ? LearningPhase.Active
                    : LearningPhase.Waiting;
                stage.Learner.Restore(phase, state.Wins.Select(w => (int)Math.Min(w, int.MaxValue)).ToArray(), 0);
            }
        }

        engine.Random.SetState(checkpoint.Progress.RngState);
        engine.ResumeAt(checkpoint.Progress.Step);
    }

    private static int CurrentLayer(SpikeSegEngine engine)
    {
        for (int i = 0; i < 3; i++)
        {
            if (engine.Stages[i].Learner?.Phase == LearningPhase.Active)
            {
                return i;
            }
        }

        return 3;
    }

    internal static double[] WeightMetrics(SpikeSegEngine engine) =>
        engine.Stages.Select(s => ConvergenceMetric.Compute(s.Layer.Weights.Oihw)).ToArray();
}
