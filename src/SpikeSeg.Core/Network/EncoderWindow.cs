using System.Runtime.InteropServices;

namespace SpikeSeg.Core.Network;

/// <summary>
/// What the encoder accumulated since <see cref="SpikingEncoder.BeginWindow"/>: first-spike-time maps of every
/// layer (STDP reads pre times of pool1/pool2 and post times of conv2/conv3) and the pooled spikes with indices
/// of every step (the decoder unpools each spike with its own step's indices, reference-semantics §16.2).
/// </summary>
public sealed class EncoderWindow
{
    private readonly List<List<PooledSpike>> pool1ByStep = [];
    private readonly List<List<PooledSpike>> pool2ByStep = [];

    internal EncoderWindow(EncoderTopology topology)
    {
        var c1 = topology.Conv1Geometry;
        var p1 = topology.Pool1Geometry;
        var c2 = topology.Conv2Geometry;
        var p2 = topology.Pool2Geometry;
        var c3 = topology.Conv3Geometry;
        Pool1Geometry = p1;
        Pool2Geometry = p2;
        Conv1 = new FirstSpikeTimes(c1.OutChannels, c1.OutHeight, c1.OutWidth);
        Pool1 = new FirstSpikeTimes(p1.Channels, p1.OutHeight, p1.OutWidth);
        Conv2 = new FirstSpikeTimes(c2.OutChannels, c2.OutHeight, c2.OutWidth);
        Pool2 = new FirstSpikeTimes(p2.Channels, p2.OutHeight, p2.OutWidth);
        Conv3 = new FirstSpikeTimes(c3.OutChannels, c3.OutHeight, c3.OutWidth);
    }

    public FirstSpikeTimes Conv1 { get; }

    public FirstSpikeTimes Pool1 { get; }

    public FirstSpikeTimes Conv2 { get; }

    public FirstSpikeTimes Pool2 { get; }

    public FirstSpikeTimes Conv3 { get; }

    public PoolGeometry Pool1Geometry { get; }

    public PoolGeometry Pool2Geometry { get; }

    /// <summary>Steps run in this window.</summary>
    public int StepCount { get; private set; }

    /// <summary>Pool1 spikes with indices of step <paramref name="step"/> of the window.</summary>
    public ReadOnlySpan<PooledSpike> Pool1At(int step) => CollectionsMarshal.AsSpan(pool1ByStep[CheckStep(step)]);

    public ReadOnlySpan<PooledSpike> Pool2At(int step) => CollectionsMarshal.AsSpan(pool2ByStep[CheckStep(step)]);

    /// <summary>Dense pool1 indices of one step (the reference's <c>pool1_indices</c> when it is the last step).</summary>
    public void Pool1IndicesAt(int step, Span<int> indicesChw) => PoolIndexMap.ToDenseIndices(Pool1Geometry, Pool1At(step), indicesChw);

    public void Pool2IndicesAt(int step, Span<int> indicesChw) => PoolIndexMap.ToDenseIndices(Pool2Geometry, Pool2At(step), indicesChw);

    internal void Clear()
    {
        Conv1.Clear();
        Pool1.Clear();
        Conv2.Clear();
        Pool2.Clear();
        Conv3.Clear();
        StepCount = 0;
    }

    internal void Record(EncoderStep step)
    {
        int t = StepCount;
        foreach (var s in step.Conv1Spikes)
        {
            Conv1.Record(s.Channel, s.Y, s.X, t);
        }

        foreach (var s in step.Pool1Spikes)
        {
            Pool1.Record(s.Channel, s.Y, s.X, t);
        }

        foreach (var s in step.Conv2Spikes)
        {
            Conv2.Record(s.Channel, s.Y, s.X, t);
        }

        foreach (var s in step.Pool2Spikes)
        {
            Pool2.Record(s.Channel, s.Y, s.X, t);
        }

        foreach (var s in step.Conv3Spikes)
        {
            Conv3.Record(s.Channel, s.Y, s.X, t);
        }

        Keep(pool1ByStep, t, step.Pool1Spikes);
        Keep(pool2ByStep, t, step.Pool2Spikes);
        StepCount++;
    }

    private static void Keep(List<List<PooledSpike>> byStep, int t, ReadOnlySpan<PooledSpike> spikes)
    {
        // The per-step lists are reused from window to window: no allocation once the longest window was seen.
        if (byStep.Count == t)
        {
            byStep.Add([]);
        }

        var list = byStep[t];
        list.Clear();
        list.AddRange(spikes);
    }

    private int CheckStep(int step)
    {
        if ((uint)step >= (uint)StepCount)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"the window has {StepCount} steps.");
        }

        return step;
    }
}
