using System.CommandLine;
using SpikeSeg.Host.Conformance;

namespace SpikeSeg.Host.Cli;

/// <summary><c>spikeseg conformance DIR</c>: runs the golden case files of DIR through Core.</summary>
public static class ConformanceCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "Directory of golden case files (*.json), e.g. ../shared/golden" };
        var command = new Command("conformance", "Run golden case files through the core; prints one line per case and 'N passed, N failed'.") { directory };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(directory)!;
            if (!dir.Exists)
            {
                throw new Core.InvalidInputException($"{dir.FullName}: directory not found");
            }

            var (_, failed) = ConformanceRunner.Run(dir.FullName, parse.InvocationConfiguration.Output);
            return failed == 0 ? ExitCodes.Success : ExitCodes.BadInput;
        });
        return command;
    }
}
