using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Streaming.Pipeline;

/// <summary>
/// What a layer actor keeps outside its instance so that a restart can resume: the configuration, and the last
/// good snapshot of its weights, thresholds and learning position, taken after every completed step. A restart
/// rebuilds the stage from it, so a step that failed halfway leaves no half-updated weight behind.
/// </summary>
public sealed class LayerHome
{
    public LayerHome(int index, NetworkSpec spec, EngineOptions options, EncoderTopology topology)
    {
        Index = index;
        Spec = spec;
        Options = options;
        Topology = topology;
    }

    public int Index { get; }

    public NetworkSpec Spec { get; }

    public EngineOptions Options { get; }

    public EncoderTopology Topology { get; }

    /// <summary>Test hook: throws to simulate a fault at a step (stage index, step index, attempt from 1).</summary>
    public Action<int, long, int>? FaultInjector { get; init; }

    internal Snapshot? Last { get; set; }

    internal int Attempts { get; set; }

    internal long AttemptStep { get; set; } = -1;

    /// <summary>Creates the stage afresh: from the last snapshot when there is one, else as the builder set it up.</summary>
    internal LayerStage Build(ConvWeightsSnapshot initialWeights, bool activeAtStart)
    {
        var stage = SpikeSegEngine.CreateStage(Index, Topology, Spec, Options);
        var snapshot = Last;
        stage.Layer.Weights.SetAll(snapshot is null ? initialWeights.Oihw : snapshot.Weights.Oihw);
        if (snapshot is null)
        {
            if (activeAtStart)
            {
                stage.Learner?.Activate(stage.Layer);
            }

            return stage;
        }

        stage.Layer.SetChannelThresholds(snapshot.Thresholds);
        stage.Learner?.Restore(snapshot.Phase, snapshot.Wins, snapshot.WindowsInEpoch);
        return stage;
    }

    internal sealed record Snapshot(ConvWeightsSnapshot Weights, float[] Thresholds, LearningPhase Phase, int[] Wins, int WindowsInEpoch);
}
