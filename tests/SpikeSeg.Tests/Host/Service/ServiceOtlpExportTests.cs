using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Service;

/// <summary>An in-process OTLP/HTTP receiver gets the documented metric names, the resource and the step spans.</summary>
public sealed class ServiceOtlpExportTests : IDisposable
{
    private readonly TempFolder _folder = new("spikeseg-otlp-");

    [Fact]
    public async Task Metrics_and_step_spans_arrive_over_otlp_http()
    {
        var bodies = new ConcurrentDictionary<string, ConcurrentQueue<byte[]>>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            bodies.GetOrAdd(signal, _ => new ConcurrentQueue<byte[]>()).Enqueue(buffer.ToArray());
            return Results.Bytes([], "application/x-protobuf");
        });
        await receiver.StartAsync();
        string endpoint = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        int port = FreePort.Next();
        var config = ServiceConfigs.Synthetic(_folder.Path, port);
        config["Telemetry"] = new Dictionary<string, object?>
        {
            ["OtlpEndpoint"] = endpoint,
            ["MetricExportIntervalMilliseconds"] = 300,
            ["TraceSampleRatio"] = 1.0,
            ["InstanceId"] = "otlp-test-instance",
        };
        await using var service = ServiceProcess.Start(_folder.Path, config, port);
        await service.WaitReadyAsync(TimeSpan.FromSeconds(90));
        await service.WaitStatusAsync(s => s.GetProperty("streams")[0].GetProperty("steps").GetInt64() > 100, TimeSpan.FromSeconds(90));

        string[] names = ["spikeseg.events.in", "spikeseg.events.processed", "spikeseg.steps", "spikeseg.step.duration", "spikeseg.layer.spikes", "spikeseg.layer.convergence", "spikeseg.detections"];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!names.All(n => Text(bodies, "metrics").Contains(n, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        string metrics = Text(bodies, "metrics");
        Assert.All(names, n => Assert.Contains(n, metrics, StringComparison.Ordinal));
        Assert.Contains("spikeseg.checkpoints", metrics, StringComparison.Ordinal);
        Assert.Contains("otlp-test-instance", metrics, StringComparison.Ordinal);
        Assert.Contains("service.instance.id", metrics, StringComparison.Ordinal);
        string traces = Text(bodies, "traces");
        Assert.Contains("spikeseg.step", traces, StringComparison.Ordinal);
        Assert.Contains("spikeseg.stream", traces, StringComparison.Ordinal);
        Assert.Contains("spikeseg", traces, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Protobuf keeps strings as UTF-8 bytes, so names can be found in the raw bodies.</summary>
    private static string Text(ConcurrentDictionary<string, ConcurrentQueue<byte[]>> bodies, string signal) =>
        bodies.TryGetValue(signal, out var q) ? string.Concat(q.Select(b => Encoding.UTF8.GetString(b))) : "";
}
