namespace SpikeSeg.Core.Engine;

/// <summary>Running totals of one stream's engine; every skipped item is counted here.</summary>
public sealed class EngineStatistics
{
    public long Steps { get; internal set; }

    public long EmptySteps { get; internal set; }

    public long Events { get; internal set; }

    public long Conv1Spikes { get; internal set; }

    public long Conv2Spikes { get; internal set; }

    public long Conv3Spikes { get; internal set; }

    public long StdpUpdates { get; internal set; }

    public long Windows { get; internal set; }

    public long Instances { get; internal set; }

    /// <summary>Frames with at least one instance.</summary>
    public long FramesWithInstances { get; internal set; }

    /// <summary>Quiet gaps longer than the simulated limit: the network state was reset instead of leaking step by step.</summary>
    public long GapResets { get; internal set; }

    /// <summary>Empty steps covered by those resets rather than simulated.</summary>
    public long StepsSkippedInGaps { get; internal set; }
}
