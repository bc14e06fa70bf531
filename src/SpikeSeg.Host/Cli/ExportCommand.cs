using System.CommandLine;
using SpikeSeg.Streaming.Checkpoints;
using SpikeSeg.Streaming.Numpy;

namespace SpikeSeg.Host.Cli;

/// <summary>
/// <c>spikeseg export MODEL --out weights.npz</c>: a model's weights and thresholds for Python users —
/// <c>conv1.weight</c> … <c>conv3.weight</c> as float32 OIHW arrays (PyTorch's Conv2d layout) and
/// <c>convN.threshold</c> per output channel; with an <c>.npy</c> output, one layer's weights (<c>--layer</c>).
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var model = new Argument<FileInfo>("model") { Description = "Model checkpoint" };
        var output = new Option<FileInfo>("--out") { Description = ".npz with every layer, or .npy with one layer (--layer)", Required = true };
        var layer = new Option<string>("--layer") { Description = "Layer for an .npy export: conv1, conv2 or conv3", DefaultValueFactory = _ => "conv2" };
        layer.AcceptOnlyFromAmong("conv1", "conv2", "conv3");
        var command = new Command("export", "Export a model's weights and thresholds as .npz (all layers) or .npy (one layer) for numpy/PyTorch.") { model, output, layer };
        command.SetAction(parse =>
        {
            var checkpoint = CheckpointReader.Read(parse.GetValue(model)!.FullName);
            var outFile = parse.GetValue(output)!;
            if (outFile.Extension.Equals(".npy", StringComparison.OrdinalIgnoreCase))
            {
                var state = checkpoint.Layers.Single(l => l.Name == parse.GetValue(layer));
                using var stream = File.Create(outFile.FullName);
                NpyArray.Write<float>(stream, state.Weights, state.Shape.Select(d => (long)d).ToArray());
            }
            else
            {
                var members = new List<KeyValuePair<string, Action<Stream>>>();
                foreach (var state in checkpoint.Layers)
                {
                    var s = state;
                    members.Add(new($"{s.Name}.weight", stream => NpyArray.Write<float>(stream, s.Weights, s.Shape.Select(d => (long)d).ToArray())));
                    members.Add(new($"{s.Name}.threshold", stream => NpyArray.Write<float>(stream, s.Thresholds, [s.Thresholds.Length])));
                }

                using var file = File.Create(outFile.FullName);
                NpzArchive.Write(file, members);
            }

            parse.InvocationConfiguration.Output.WriteLine($"{parse.GetValue(model)!.FullName} → {outFile.FullName}");
            return ExitCodes.Success;
        });
        return command;
    }
}
