using System.CommandLine;
using SpikeSeg.Host.Service;

namespace SpikeSeg.Host.Cli;

/// <summary>
/// <c>spikeseg run [--config FILE] [--set KEY=VALUE]…</c>: the long-running service (docs/service.md).
/// A synchronous action on purpose: the generic host owns SIGTERM and Ctrl-C and drains before it returns.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "Configuration file (default: config/appsettings.json beside the executable)" };
        var set = new Option<string[]>("--set") { Description = "Override one setting, KEY=VALUE with ':' between levels (repeatable), e.g. --set Http:Urls=http://127.0.0.1:9000" };
        var command = new Command("run", "Run the service: several streams (cameras) learning and segmenting online, with periodic checkpoints, /healthz, /readyz, /status, /metrics and OpenTelemetry export.")
        {
            config, set,
        };
        command.SetAction(parse => ServiceHost.RunAsync(parse.GetValue(config)?.FullName, parse.GetValue(set) ?? []).GetAwaiter().GetResult());
        return command;
    }
}
