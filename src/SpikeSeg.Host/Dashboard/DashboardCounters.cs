namespace SpikeSeg.Host.Dashboard;

/// <summary>A stream's running totals as the dashboard shows them (read from thread-safe counters at publish time).</summary>
internal sealed record DashboardCounters(long EventsIn, long Steps, long Instances, long Restarts, long StepsSkipped, long EventsShed, long EventsDropped)
{
    public static DashboardCounters None { get; } = new(0, 0, 0, 0, 0, 0, 0);
}
