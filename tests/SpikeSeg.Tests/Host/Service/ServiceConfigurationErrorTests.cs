using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Service;

/// <summary>Invalid configuration fails before anything starts: one line naming setting, value and rule, exit code 1.</summary>
public sealed class ServiceConfigurationErrorTests : IDisposable
{
    private readonly TempFolder _folder = new("spikeseg-badcfg-");

    [Theory]
    [InlineData("Conv2Threshold", -0.5, "setting 'Streams:cam0:Conv2Threshold' = -0.5: must be > 0")]
    [InlineData("Preset", "no-such-preset", "setting 'Streams:cam0:Preset' = 'no-such-preset':")]
    [InlineData("MailboxCapacity", 0, "setting 'Streams:cam0:MailboxCapacity' = 0: must be in 1..65536")]
    public async Task A_bad_stream_setting_fails_at_start_with_one_line(string key, object value, string expected)
    {
        int port = FreePort.Next();
        var config = ServiceConfigs.Synthetic(_folder.Path, port);
        ServiceConfigs.Stream(config, "cam0")[key] = value;
        await AssertFailsAsync(config, port, expected);
    }

    [Fact]
    public async Task An_unreadable_input_file_fails_at_start_with_one_line()
    {
        int port = FreePort.Next();
        var config = ServiceConfigs.Synthetic(_folder.Path, port);
        string missing = Path.Combine(_folder.Path, "missing.aedat4");
        ServiceConfigs.Stream(config, "cam0")["Source"] = new Dictionary<string, object?> { ["Type"] = "File", ["Path"] = missing };
        await AssertFailsAsync(config, port, $"setting 'Streams:cam0:Source:Path' = '{missing}':");
    }

    [Theory]
    [InlineData("Udp", "Listen", "localhost", "setting 'Streams:cam0:Source:Listen' = 'localhost': must be an address and port")]
    [InlineData("Udp", "Width", 0, "setting 'Streams:cam0:Source:Width' = 0: must be in 1..65536")]
    [InlineData("Udp", "QueueCapacity", 0, "setting 'Streams:cam0:Source:QueueCapacity' = 0: must be in 1..1000000")]
    [InlineData("Aedat4Tcp", "Port", 70000, "setting 'Streams:cam0:Source:Port' = 70000: must be in 1..65535")]
    public async Task A_bad_live_source_setting_fails_at_start_with_one_line(string type, string key, object value, string expected)
    {
        int port = FreePort.Next();
        var config = ServiceConfigs.Synthetic(_folder.Path, port);
        ServiceConfigs.Stream(config, "cam0")["Source"] = new Dictionary<string, object?> { ["Type"] = type, [key] = value };
        await AssertFailsAsync(config, port, expected);
    }

    [Fact]
    public async Task A_udp_port_that_is_taken_fails_at_start_naming_the_setting()
    {
        using var taken = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        string listen = taken.Client.LocalEndPoint!.ToString()!;
        int port = FreePort.Next();
        var config = ServiceConfigs.Synthetic(_folder.Path, port);
        ServiceConfigs.Stream(config, "cam0")["Source"] = new Dictionary<string, object?> { ["Type"] = "Udp", ["Listen"] = listen };
        await AssertFailsAsync(config, port, $"setting 'Streams:cam0:Source:Listen' = '{listen}':");
    }

    [Fact]
    public async Task An_unknown_setting_fails_at_start_naming_it()
    {
        int port = FreePort.Next();
        var config = ServiceConfigs.Synthetic(_folder.Path, port);
        ServiceConfigs.Stream(config, "cam0")["Treshold"] = 3;
        await AssertFailsAsync(config, port, "Treshold");
    }

    public void Dispose() => _folder.Dispose();

    private async Task AssertFailsAsync(Dictionary<string, object?> config, int port, string expected)
    {
        await using var service = ServiceProcess.Start(_folder.Path, config, port);
        Assert.Equal(1, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        string line = Assert.Single(service.Errors);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.StartsWith("spikeseg: ", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "checkpoints")));
    }
}
