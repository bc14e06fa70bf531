namespace SpikeSeg.Host.Dashboard;

/// <summary>How often the dashboard publishes.</summary>
internal sealed record DashboardOptions
{
    /// <summary>Frame updates per second at most (1–30): a browser redraws at display rate anyway.</summary>
    public double UpdatesPerSecond { get; init; } = 30;

    /// <summary>Learning updates (convergence, spike rates, kernels) every this many frame updates (2 per second at 30).</summary>
    public int LearningEveryUpdates { get; init; } = 15;

    /// <summary>Stream time one dashboard frame spans (rounded to whole steps, at least one).</summary>
    public long FrameUs { get; init; } = 33_333;
}

/// <summary>The dashboard on /status and /dashboard/status.</summary>
/// <param name="UpdatesDroppedStale">Frames replaced by a newer one before the publisher took them.</param>
/// <param name="UpdatesDroppedSlowClient">Messages replaced in a browser's slot before its socket took them.</param>
internal sealed record DashboardStatus(int Clients, long UpdatesSent, long UpdatesDroppedStale, long UpdatesDroppedSlowClient, long FramesSealed);
