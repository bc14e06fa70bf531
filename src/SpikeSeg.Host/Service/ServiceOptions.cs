namespace SpikeSeg.Host.Service;

/// <summary>
/// Everything <c>spikeseg run</c> reads from configuration (docs/service.md lists each setting, its default and rule).
/// Bound from the root of the configuration: config/appsettings.json, then <c>SPIKESEG__</c> environment variables,
/// then <c>--set KEY=VALUE</c>.
/// </summary>
internal sealed class ServiceOptions
{
    public HttpOptions Http { get; set; } = new();

    public CheckpointOptions Checkpoints { get; set; } = new();

    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>How long a SIGTERM / Ctrl-C shutdown may take to drain steps and write the final checkpoints.</summary>
    public double ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>Streams (cameras) by name; each runs its own pipeline.</summary>
    public Dictionary<string, StreamOptions> Streams { get; } = new(StringComparer.OrdinalIgnoreCase);
}

internal sealed class HttpOptions
{
    /// <summary>Where Kestrel listens (semicolon-separated URLs); loopback only unless configured otherwise.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";
}

internal sealed class CheckpointOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Root folder; each stream writes into a sub-folder named after it.</summary>
    public string Directory { get; set; } = "checkpoints";

    public double IntervalSeconds { get; set; } = 60;

    /// <summary>Checkpoints kept per stream; older ones are deleted after each write.</summary>
    public int Keep { get; set; } = 5;
}

internal sealed class TelemetryOptions
{
    /// <summary>OTLP/HTTP (protobuf) base address, e.g. http://127.0.0.1:4318/; empty = no export.</summary>
    public string OtlpEndpoint { get; set; } = "";

    public int MetricExportIntervalMilliseconds { get; set; } = 10_000;

    /// <summary>Share of steps that get a span (trace-id ratio sampling).</summary>
    public double TraceSampleRatio { get; set; } = 0.01;

    /// <summary>Reported as service.instance.id; empty = host name and process id.</summary>
    public string InstanceId { get; set; } = "";
}
