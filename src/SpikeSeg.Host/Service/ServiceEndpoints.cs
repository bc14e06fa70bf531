using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SpikeSeg.Host.Dashboard;
using SpikeSeg.Host.Telemetry;

namespace SpikeSeg.Host.Service;

/// <summary>/healthz (the process answers), /readyz (every stream runs), /status (per-stream JSON), /metrics (Prometheus text); the dashboard maps its own.</summary>
internal static class ServiceEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Map(IEndpointRouteBuilder app, StreamsService streams, PrometheusExposition prometheus, ServiceIdentity identity, DashboardHub dashboard)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n", "text/plain"));
        app.MapGet("/readyz", () =>
        {
            string body = string.Join('\n', streams.Runners.Select(r => $"{r.Name}: {r.State}")) + "\n";
            return streams.Ready ? Results.Text(body, "text/plain") : Results.Text(body, "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/status", () =>
        {
            var status = new ServiceStatus(identity.ServiceName, identity.Version, identity.InstanceId, streams.Ready, streams.Runners.Select(r => r.Status()).ToList(), dashboard.Status());
            return Results.Text(JsonSerializer.Serialize(status, Json), "application/json");
        });
        app.MapGet("/metrics", () => Results.Text(prometheus.Scrape(), PrometheusExposition.ContentType));
    }
}
