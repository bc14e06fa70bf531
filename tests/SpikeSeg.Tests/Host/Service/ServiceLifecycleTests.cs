using System.Globalization;
using System.Text.RegularExpressions;
using SpikeSeg.Streaming.Checkpoints;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Service;

/// <summary><c>spikeseg run</c> as a child process: readiness, /status, /metrics, SIGTERM drain, final checkpoint, accounting.</summary>
public sealed partial class ServiceLifecycleTests : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);
    private readonly TempFolder _folder = new("spikeseg-svc-");

    [Fact]
    public async Task Two_streams_report_status_and_metrics_then_drain_and_checkpoint_on_sigterm()
    {
        int port = FreePort.Next();
        await using var service = ServiceProcess.Start(_folder.Path, ServiceConfigs.Synthetic(_folder.Path, port, 1, "cam0", "cam1"), port);
        await service.WaitReadyAsync(Startup);

        var status = await service.WaitStatusAsync(s => s.GetProperty("streams").EnumerateArray().All(x => x.GetProperty("steps").GetInt64() > 0), Startup);
        var streams = status.GetProperty("streams").EnumerateArray().ToList();
        Assert.Equal(["cam0", "cam1"], streams.Select(s => s.GetProperty("name").GetString()).Order());
        Assert.All(streams, s =>
        {
            Assert.Equal("Running", s.GetProperty("state").GetString());
            Assert.True(s.GetProperty("eventsRead").GetInt64() > 0);
            Assert.True(s.GetProperty("convergence").GetProperty("conv2").GetDouble() is > 0 and <= 0.25);
        });

        string metrics = await service.Http.GetStringAsync("metrics");
        Assert.Matches(@"spikeseg_steps_total\{stream=""cam0""\} [1-9]", metrics);
        Assert.Matches(@"spikeseg_events_in_total\{stream=""cam1""\} [1-9]", metrics);
        Assert.Contains("# TYPE spikeseg_step_duration_seconds histogram", metrics, StringComparison.Ordinal);

        var beforeStop = DateTime.UtcNow;
        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        foreach (string name in new[] { "cam0", "cam1" })
        {
            var newest = new DirectoryInfo(Path.Combine(_folder.Path, "checkpoints", name)).GetFiles("checkpoint-*.spikeseg").OrderBy(f => f.Name).Last();
            Assert.True(newest.LastWriteTimeUtc >= beforeStop.AddSeconds(-1), $"{newest.Name} was written at {newest.LastWriteTimeUtc:O}, before SIGTERM at {beforeStop:O}");
            Assert.Contains(service.Output, l => l.Contains($"Stream {name}: final checkpoint {newest.FullName}", StringComparison.Ordinal));
            var model = CheckpointReader.Read(newest.FullName);

            // Every event read was binned or counted as dropped; every step that went in came out or was counted as skipped.
            var summary = Summary(service.Output, name);
            Assert.Equal(summary["read"], summary["binned"] + summary["dropped"]);
            Assert.Equal(summary["in"], summary["out"] + summary["skipped"]);
            Assert.True(summary["read"] >= streams.Single(s => s.GetProperty("name").GetString() == name).GetProperty("eventsRead").GetInt64());
            Assert.Equal(summary["out"], model.Progress.Step);
        }
    }

    [Fact]
    public async Task Retention_keeps_the_configured_number_of_checkpoints()
    {
        int port = FreePort.Next();
        await using var service = ServiceProcess.Start(_folder.Path, ServiceConfigs.Synthetic(_folder.Path, port, 0.2), port);
        await service.WaitReadyAsync(Startup);
        await service.WaitStatusAsync(s => s.GetProperty("streams")[0].GetProperty("checkpointsWritten").GetInt64() >= 5, Startup);
        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var files = Directory.GetFiles(Path.Combine(_folder.Path, "checkpoints", "cam0"), "checkpoint-*.spikeseg");
        Assert.Equal(3, files.Length);
        Assert.All(files, f => CheckpointReader.Read(f));
    }

    public void Dispose() => _folder.Dispose();

    internal static Dictionary<string, long> Summary(IReadOnlyList<string> output, string stream)
    {
        string line = output.LastOrDefault(l => l.Contains($"Stream {stream} Stopped: events read=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no summary line for {stream}: {string.Join(" | ", output)}");
        return SummaryField().Matches(line).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"(read|binned|dropped|in|out|skipped)=(\d+)")]
    private static partial Regex SummaryField();
}
