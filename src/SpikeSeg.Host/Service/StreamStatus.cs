namespace SpikeSeg.Host.Service;

/// <summary>One stream on /status (JSON, camelCase).</summary>
internal sealed record StreamStatus(
    string Name,
    string State,
    string Source,
    long EventsRead,
    double EventsPerSecond,
    long EventsFiltered,
    long EventsProcessed,
    long EventsDropped,
    long EventsShed,
    long EventsLost,
    double? LagSeconds,
    long StepsIn,
    long Steps,
    long StepsSkipped,
    long Restarts,
    long Detections,
    IReadOnlyDictionary<string, double?> Convergence,
    long CheckpointsWritten,
    string? LastCheckpoint,
    string? ResumedFrom,
    string? Error);

/// <summary>The whole service on /status.</summary>
internal sealed record ServiceStatus(string Service, string Version, string InstanceId, bool Ready, IReadOnlyList<StreamStatus> Streams, Dashboard.DashboardStatus Dashboard);
