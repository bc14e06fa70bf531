namespace SpikeSeg.Core.Engine;

/// <summary>The engine's stages, in the order a step runs them.</summary>
public enum EngineStage
{
    Conv1,
    Conv2,
    Conv3,
    Segmenter,

    /// <summary>The end of a learning window: STDP, homeostasis and the learners' bookkeeping.</summary>
    WindowEnd,
}

/// <summary>
/// Time spent per engine stage, summed over steps, for benchmarks. Core reads no clock itself: the caller passes a
/// monotonic timestamp source (e.g. <c>Stopwatch.GetTimestamp</c>) and interprets the ticks.
/// </summary>
public sealed class StageTimes(Func<long> timestamp)
{
    private readonly long[] _ticks = new long[Enum.GetValues<EngineStage>().Length];
    private readonly Func<long> _timestamp = timestamp ?? throw new ArgumentNullException(nameof(timestamp));

    public long Now() => _timestamp();

    /// <summary>Adds the time since <paramref name="since"/> to <paramref name="stage"/>; returns now, the next stage's start.</summary>
    public long Lap(EngineStage stage, long since)
    {
        long now = _timestamp();
        _ticks[(int)stage] += now - since;
        return now;
    }

    public long Ticks(EngineStage stage) => _ticks[(int)stage];

    public void Clear() => Array.Clear(_ticks);
}
