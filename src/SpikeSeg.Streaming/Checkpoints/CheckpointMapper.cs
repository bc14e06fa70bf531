using System.Text;
using SpikeSeg.Core.Checkpoints;
using SpikeSeg.Streaming.Configuration;
using Wire = SpikeSeg.Streaming.Checkpoints.Wire;

namespace SpikeSeg.Streaming.Checkpoints;

/// <summary>Converts between the Core checkpoint model and its Protobuf wire form.</summary>
internal static class CheckpointMapper
{
    public static Wire.Checkpoint ToWire(ModelCheckpoint model)
    {
        var wire = new Wire.Checkpoint
        {
            FormatVersion = (uint)model.FormatVersion,
            NetworkSpecJson = Encoding.UTF8.GetString(PresetJson.Serialize(model.Spec)),
            Progress = ToWire(model.Progress),
        };
        foreach (var layer in model.Layers)
        {
            var l = new Wire.LayerState { Name = layer.Name };
            l.Shape.AddRange(layer.Shape);
            l.Weights.AddRange(layer.Weights);
            l.Thresholds.AddRange(layer.Thresholds);
            l.Wins.AddRange(layer.Wins);
            wire.Layers.Add(l);
        }

        return wire;
    }

    /// <summary>Builds the model; the spec is parsed and validated, naming <paramref name="source"/> on failure.</summary>
    public static ModelCheckpoint FromWire(Wire.Checkpoint wire, string source)
    {
        var spec = PresetJson.Parse(Encoding.UTF8.GetBytes(wire.NetworkSpecJson), $"{source}: network spec");
        var progress = wire.Progress ?? new Wire.TrainingProgress();
        return new ModelCheckpoint
        {
            FormatVersion = (int)wire.FormatVersion,
            Spec = spec,
            Layers = wire.Layers.Select(l => new LayerState(l.Name, [.. l.Shape], [.. l.Weights], [.. l.Thresholds], [.. l.Wins])).ToList(),
            Progress = new TrainingProgress
            {
                Phase = progress.Phase switch
                {
                    Wire.TrainingPhase.Untrained => TrainingPhase.Untrained,
                    Wire.TrainingPhase.Training => TrainingPhase.Training,
                    Wire.TrainingPhase.Trained => TrainingPhase.Trained,
                    _ => (TrainingPhase)(-1),
                },
                CurrentLayer = progress.CurrentLayer,
                Epoch = progress.Epoch,
                Step = progress.Step,
                SamplesSeen = progress.SamplesSeen,
                History = progress.History.Select(h => new ConvergencePoint(h.Layer, h.Epoch, h.WinRatio, h.WeightMetric)).ToList(),
                RngState = [.. progress.RngState],
                LastInputSequence = progress.HasLastInputSequence ? progress.LastInputSequence : null,
            },
        };
    }

    private static Wire.TrainingProgress ToWire(TrainingProgress progress)
    {
        var wire = new Wire.TrainingProgress
        {
            Phase = progress.Phase switch
            {
                TrainingPhase.Untrained => Wire.TrainingPhase.Untrained,
                TrainingPhase.Training => Wire.TrainingPhase.Training,
                TrainingPhase.Trained => Wire.TrainingPhase.Trained,
                _ => throw new ArgumentOutOfRangeException(nameof(progress), progress.Phase, "Unknown training phase."),
            },
            CurrentLayer = progress.CurrentLayer,
            Epoch = progress.Epoch,
            Step = progress.Step,
            SamplesSeen = progress.SamplesSeen,
        };
        wire.RngState.AddRange(progress.RngState);
        if (progress.LastInputSequence is ulong sequence)
        {
            wire.LastInputSequence = sequence;
        }

        foreach (var h in progress.History)
        {
            wire.History.Add(new Wire.ConvergencePoint { Layer = h.Layer, Epoch = h.Epoch, WinRatio = h.WinRatio, WeightMetric = h.WeightMetric });
        }

        return wire;
    }
}
