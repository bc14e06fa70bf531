using SpikeSeg.Core;
using SpikeSeg.Core.Checkpoints;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Streaming.Checkpoints;
using SpikeSeg.Streaming.Configuration;

namespace SpikeSeg.Host.Cli;

/// <summary>Where a verb's network comes from: a trained model checkpoint, or a preset with fresh weights.</summary>
public sealed record ModelSource(NetworkSpec Spec, ModelCheckpoint? Checkpoint)
{
    public static ModelSource Resolve(FileInfo? model, string? preset, string defaultPreset = "sda")
    {
        if (model is not null && preset is not null)
        {
            throw new InvalidInputException("--model and --preset: give one, not both");
        }

        if (model is not null)
        {
            var checkpoint = CheckpointReader.Read(model.FullName);
            return new ModelSource(checkpoint.Spec, checkpoint);
        }

        return new ModelSource(PresetLoader.Load(preset ?? defaultPreset), null);
    }
}
