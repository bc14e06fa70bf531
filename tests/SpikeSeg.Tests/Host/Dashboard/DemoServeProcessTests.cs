using System.Diagnostics;
using System.Text.Json;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Dashboard;

/// <summary><c>spikeseg demo --serve</c> as a user runs it: prints the URL, serves the page until Ctrl-C, then exits cleanly.</summary>
public sealed class DemoServeProcessTests
{
    [Fact]
    public async Task Demo_serve_prints_its_loopback_url_serves_until_ctrl_c_and_exits_zero()
    {
        using var demo = SpikeSegProcess.Start("demo", "--serve", "--port", "0", "--speed", "4", "--seed", "2");
        string line = await demo.WaitForLineAsync(l => l.StartsWith("dashboard", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        string page = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var uri = new Uri(page);
        Assert.Equal("127.0.0.1", uri.Host);

        using var http = new HttpClient();
        string html = await http.GetStringAsync(uri);
        Assert.Contains("/dashboard/dashboard.js", html, StringComparison.Ordinal);
        long sealedFrames = 0;
        for (int i = 0; i < 100 && sealedFrames == 0; i++)
        {
            await Task.Delay(100);
            var status = JsonDocument.Parse(await http.GetStringAsync(new Uri(uri, "/dashboard/status"))).RootElement;
            sealedFrames = status.GetProperty("framesSealed").GetInt64();
        }

        Assert.True(sealedFrames > 0, "the demo produced no dashboard frame");
        Assert.False(demo.HasExited);

        using (var interrupt = Process.Start("kill", ["-INT", demo.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        Assert.Equal(0, await demo.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(demo.Lines, l => l.StartsWith("stopped", StringComparison.Ordinal));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(uri));
    }
}
