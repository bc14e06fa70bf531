using System.CommandLine;
using System.Globalization;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Checkpoints;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Running;

namespace SpikeSeg.Host.Cli;

/// <summary>
/// <c>spikeseg train INPUT... --preset NAME --out MODEL</c>: layer-wise STDP until each learning layer's win-count
/// stop rule ends it (conv2, then conv3), passing over the recordings again as often as needed up to
/// <c>--max-passes</c>; windows reset the network state (the reference's training mode).
/// </summary>
public static class TrainCommand
{
    private const int ChunkEvents = 1 << 15;

    public static Command Create()
    {
        var inputs = new Argument<string[]>("input") { Description = "Event recordings (any readable format)", Arity = ArgumentArity.OneOrMore };
        var preset = new Option<string>("--preset") { Description = "Network preset", DefaultValueFactory = _ => "sda" };
        var output = new Option<FileInfo>("--out") { Description = "Model checkpoint to write", Required = true };
        var passes = new Option<int>("--max-passes") { Description = "Most passes over the inputs", DefaultValueFactory = _ => 10 };
        var windowsPerEpoch = new Option<int>("--windows-per-epoch") { Description = "Learning windows per epoch of the stop rule", DefaultValueFactory = _ => 50 };
        var command = new Command("train", "Train the network layer-wise by STDP until the stop rule converges each layer; writes a model checkpoint.")
        {
            inputs, preset, output, passes, windowsPerEpoch,
        };
        command.SetAction(parse => Run(parse.GetValue(inputs)!, parse.GetValue(preset)!, parse.GetValue(output)!, parse.GetValue(passes), parse.GetValue(windowsPerEpoch), parse.InvocationConfiguration.Output));
        return command;
    }

    public static int Run(string[] inputs, string presetName, FileInfo output, int maxPasses, int windowsPerEpoch, TextWriter console)
    {
        var spec = ModelSource.Resolve(null, presetName).Spec;
        SensorGeometry sensor;
        using (var first = EventReaders.Open(inputs[0]))
        {
            sensor = first.Info.Geometry ?? spec.DefaultSensor;
        }

        var options = new EngineOptions { StreamName = "train", Sensor = sensor, Learn = true, Continuous = false, WindowsPerEpoch = windowsPerEpoch };
        var run = new SegmentationRun(spec, options, originUs: 0);
        var engine = run.Engine;
        bool Done() => engine.Stages.All(s => s.Learner is null || s.Learner.Phase == LearningPhase.Done);
        var progress = new ProgressReporter(console);
        int pass = 0;
        progress.Run("train", maxPasses * inputs.Length, report =>
        {
            // Each recording is replayed on a continuing time axis, so passes do not go back in time.
            long offsetUs = 0;
            for (pass = 0; pass < maxPasses && !Done(); pass++)
            {
                for (int f = 0; f < inputs.Length && !Done(); f++)
                {
                    using var reader = EventReaders.Open(inputs[f]);
                    var packet = new EventPacket(ChunkEvents);
                    long last = offsetUs;
                    while (!Done())
                    {
                        packet.Clear();
                        if (reader.Read(packet, ChunkEvents) == 0)
                        {
                            break;
                        }

                        long first = packet.TimestampUs[0];
                        var ts = packet.TimestampUs;
                        for (int i = 0; i < ts.Length; i++)
                        {
                            ts[i] = ts[i] - first + last;
                        }

                        last = ts[^1];
                        run.Feed(packet);
                    }

                    offsetUs = last + spec.Input.StepUs;
                    string status = string.Join(", ", engine.Stages.Where(s => s.Learner is not null).Select(s => $"{s.Name} {s.Learner!.Phase} {s.Learner.StopRule.EpochsCompleted} ep"));
                    report((pass * inputs.Length) + f + 1, status);
                }
            }

            return 0;
        });

        CheckpointWriter.Write(output.FullName, EngineCheckpoint.Capture(engine));
        var (c1, c2, c3) = engine.Convergence();
        foreach (var stage in engine.Stages.Where(s => s.Learner is not null))
        {
            var l = stage.Learner!;
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{stage.Name}: {l.Phase} after {l.StopRule.EpochsCompleted} epochs ({l.LastDecision}), best win ratio {Math.Max(0, l.StopRule.BestRatio):F2}, {l.Updates:N0} updates"));
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"convergence C: conv1 {c1:F4}, conv2 {c2:F4}, conv3 {c3:F4}; {pass} pass(es) over {inputs.Length} input(s) → {output.FullName}"));
        return ExitCodes.Success;
    }
}
