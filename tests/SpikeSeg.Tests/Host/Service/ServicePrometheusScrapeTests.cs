using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Service;

/// <summary>A real Prometheus (Debian's /usr/bin/prometheus on 127.0.0.1) scrapes /metrics; a SpikeSeg counter is read back.</summary>
public sealed class ServicePrometheusScrapeTests : IDisposable
{
    private const string PrometheusBinary = "/usr/bin/prometheus";
    private readonly TempFolder _folder = new("spikeseg-prom-");

    [Fact]
    public async Task Prometheus_scrapes_the_steps_counter()
    {
        Assert.True(File.Exists(PrometheusBinary), $"{PrometheusBinary} is missing; scripts/test.sh installs Debian's prometheus");
        int port = FreePort.Next();
        await using var service = ServiceProcess.Start(_folder.Path, ServiceConfigs.Synthetic(_folder.Path, port), port);
        await service.WaitReadyAsync(TimeSpan.FromSeconds(90));

        int promPort = FreePort.Next();
        string config = Path.Combine(_folder.Path, "prometheus.yml");
        File.WriteAllText(config, $"global: {{ scrape_interval: 1s, evaluation_interval: 1s }}\nscrape_configs: [ {{ job_name: spikeseg, static_configs: [ {{ targets: ['127.0.0.1:{port}'] }} ] }} ]\n");
        var psi = new ProcessStartInfo(PrometheusBinary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add($"--config.file={config}");
        psi.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(_folder.Path, "tsdb")}");
        psi.ArgumentList.Add($"--web.listen-address=127.0.0.1:{promPort}");
        using var prometheus = Process.Start(psi)!;
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{promPort}/"), Timeout = TimeSpan.FromSeconds(10) };
            double value = 0;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (value <= 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                value = await QueryAsync(http, "spikeseg_steps_total{stream=\"cam0\",job=\"spikeseg\"}");
            }

            Assert.True(value > 0, "Prometheus never returned spikeseg_steps_total for cam0");
            long stepsNow = (await service.StatusAsync()).GetProperty("streams")[0].GetProperty("steps").GetInt64();
            Assert.True(value <= stepsNow, $"scraped {value} steps, more than the {stepsNow} the service reports later");
        }
        finally
        {
            Assert.Equal(0, Kill(prometheus.Id, 15));
            await prometheus.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }

        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<double> QueryAsync(HttpClient http, string query)
    {
        try
        {
            string json = await http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(query));
            var result = JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 0 ? 0 : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
