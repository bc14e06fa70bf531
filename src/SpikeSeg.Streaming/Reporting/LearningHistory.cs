using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Learning;

namespace SpikeSeg.Streaming.Reporting;

/// <summary>The engine's learning state at one sampled step.</summary>
/// <param name="ConvergencePerLayer">C = mean(w(1 − w)) of conv1, conv2, conv3.</param>
/// <param name="MeanThresholdPerLayer">Mean per-channel threshold in force (homeostasis moves it).</param>
/// <param name="WinsPerLayer">Total WTA wins of each learning layer's current epoch (0 for a layer that does not learn).</param>
public sealed record LearningSample(long Step, double TimeS, double[] ConvergencePerLayer, double[] MeanThresholdPerLayer, long[] WinsPerLayer);

/// <summary>Samples convergence, thresholds and wins from the engine's public state every <c>everySteps</c> steps.</summary>
public sealed class LearningHistory(int everySteps)
{
    private readonly List<LearningSample> _samples = [];

    public IReadOnlyList<LearningSample> Samples => _samples;

    public int EverySteps { get; } = everySteps > 0 ? everySteps : throw new ArgumentOutOfRangeException(nameof(everySteps));

    /// <summary>Records a sample when <paramref name="step"/> is a multiple of the sampling period.</summary>
    public void Observe(SpikeSegEngine engine, long step, double timeS)
    {
        if (step % EverySteps == 0)
        {
            _samples.Add(Capture(engine, step, timeS));
        }
    }

    public static LearningSample Capture(SpikeSegEngine engine, long step, double timeS)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var stages = engine.Stages;
        var c = new double[stages.Count];
        var theta = new double[stages.Count];
        var wins = new long[stages.Count];
        for (int i = 0; i < stages.Count; i++)
        {
            var layer = stages[i].Layer;
            c[i] = ConvergenceMetric.Compute(layer.Weights.Oihw);
            theta[i] = Mean(layer.ChannelThresholds);
            if (stages[i].Learner is { } learner)
            {
                foreach (int w in learner.Wins)
                {
                    wins[i] += w;
                }
            }
        }

        return new LearningSample(step, timeS, c, theta, wins);
    }

    private static double Mean(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        double sum = 0;
        foreach (float v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }
}
