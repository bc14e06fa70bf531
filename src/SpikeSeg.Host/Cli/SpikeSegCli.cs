using System.CommandLine;
using SpikeSeg.Core;

namespace SpikeSeg.Host.Cli;

/// <summary>The <c>spikeseg</c> command tree and its exit-code policy: 0 success, 1 bad input, 2 bad usage.</summary>
public static class SpikeSegCli
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("SpikeSeg: real-time segmentation of event-camera streams with a spiking network that learns online (SpikeSEG, STDP, HULK-SMASH).")
        {
            DemoCommand.Create(),
            TrainCommand.Create(),
            SegmentCommand.Create(),
            SynthCommand.Create(),
            ExportCommand.Create(),
            PublishCommand.Create(),
            WorkerCommand.Create(),
            ConformanceCommand.Create(),
            InspectCommand.Create(),
            ConvertCommand.Create(),
            RunCommand.Create(),
            BenchCommand.Create(),
            EvalCommand.Create(),
        };
        return root;
    }

    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = CreateRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine($"spikeseg: {e.Message}");
            }

            error.WriteLine("Try 'spikeseg --help'.");
            return ExitCodes.BadUsage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (InvalidInputException ex)
        {
            error.WriteLine($"spikeseg: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("spikeseg: cancelled");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("SPIKESEG_DEBUG") is null)
        {
            // A bug, not bad input: one line for the user; SPIKESEG_DEBUG=1 shows the trace.
            error.WriteLine($"spikeseg: internal error: {ex.GetType().Name}: {ex.Message} (set SPIKESEG_DEBUG=1 for the trace)");
            return ExitCodes.BadInput;
        }
    }
}
