using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Service;

/// <summary>Checkpoints in operation: SIGKILL mid-learning then restart resumes the newest good checkpoint; a corrupt newest one is skipped.</summary>
public sealed class ServiceResumeTests : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);
    private readonly TempFolder _folder = new("spikeseg-resume-");

    [Fact]
    public async Task Sigkill_mid_learning_then_restart_resumes_from_the_newest_checkpoint()
    {
        string folder = Path.Combine(_folder.Path, "checkpoints", "cam0");
        await RunUntilCheckpointsThenKillAsync(2);
        var files = Checkpoints(folder);
        Assert.True(files.Count >= 2);

        int port = FreePort.Next();
        await using var restarted = ServiceProcess.Start(_folder.Path, ServiceConfigs.Synthetic(_folder.Path, port, 60), port);
        await restarted.WaitReadyAsync(Startup);
        var stream = (await restarted.StatusAsync()).GetProperty("streams")[0];
        Assert.Equal(files[^1], stream.GetProperty("resumedFrom").GetString());
        Assert.Equal(0, await TerminateAsync(restarted));
    }

    [Fact]
    public async Task A_corrupt_newest_checkpoint_is_skipped_with_a_warning_for_the_previous_one()
    {
        string folder = Path.Combine(_folder.Path, "checkpoints", "cam0");
        await RunUntilCheckpointsThenKillAsync(2);
        var files = Checkpoints(folder);
        byte[] bytes = File.ReadAllBytes(files[^1]);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(files[^1], bytes);

        int port = FreePort.Next();
        await using var restarted = ServiceProcess.Start(_folder.Path, ServiceConfigs.Synthetic(_folder.Path, port, 60), port);
        await restarted.WaitReadyAsync(Startup);
        var stream = (await restarted.StatusAsync()).GetProperty("streams")[0];
        Assert.Equal(files[^2], stream.GetProperty("resumedFrom").GetString());
        Assert.Contains(restarted.Output, l => l.Contains("warn", StringComparison.Ordinal) && l.Contains(Path.GetFileName(files[^1]), StringComparison.Ordinal) && l.Contains("checksum", StringComparison.Ordinal));
        Assert.Equal(0, await TerminateAsync(restarted));
    }

    public void Dispose() => _folder.Dispose();

    private async Task RunUntilCheckpointsThenKillAsync(int count)
    {
        int port = FreePort.Next();
        await using var first = ServiceProcess.Start(_folder.Path, ServiceConfigs.Synthetic(_folder.Path, port, 0.5), port);
        await first.WaitReadyAsync(Startup);
        await first.WaitStatusAsync(s => s.GetProperty("streams")[0].GetProperty("checkpointsWritten").GetInt64() >= count, Startup);
        first.Signal(9);
        Assert.NotEqual(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(first.Output, l => l.Contains("final checkpoint", StringComparison.Ordinal));
    }

    private static async Task<int> TerminateAsync(ServiceProcess service)
    {
        service.Terminate();
        return await service.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    private static List<string> Checkpoints(string folder) =>
        Directory.GetFiles(folder, "checkpoint-*.spikeseg").Order(StringComparer.Ordinal).ToList();
}
