using System.Diagnostics.Metrics;
using SpikeSeg.Streaming.Telemetry;

namespace SpikeSeg.Host.Dashboard;

/// <summary>The dashboard's instruments (docs/telemetry.md), on the pipeline meter so /metrics and OTLP carry them.</summary>
internal static class DashboardTelemetry
{
    public static readonly Counter<long> UpdatesSent = SpikeSegTelemetry.Meter.CreateCounter<long>(
        "spikeseg.dashboard.updates.sent", "{update}", "Dashboard messages handed to a browser's WebSocket.");

    public static readonly Counter<long> UpdatesDropped = SpikeSegTelemetry.Meter.CreateCounter<long>(
        "spikeseg.dashboard.updates.dropped", "{update}", "Dashboard updates dropped as stale (tag reason: stale = replaced before publishing, slow_client = a browser had not taken the previous one).");

    public static readonly UpDownCounter<long> Clients = SpikeSegTelemetry.Meter.CreateUpDownCounter<long>(
        "spikeseg.dashboard.clients", "{client}", "Browsers connected to the dashboard.");

    public static readonly KeyValuePair<string, object?> Stale = new("reason", "stale");

    public static readonly KeyValuePair<string, object?> SlowClient = new("reason", "slow_client");
}
