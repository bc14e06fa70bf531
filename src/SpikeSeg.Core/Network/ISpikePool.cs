namespace SpikeSeg.Core.Network;

/// <summary>
/// Max pooling of one step's binary spikes with saved indices (reference-semantics §3): a window is 1 when any
/// input in it spiked, and its index is the flat <c>h·W_in + w</c> of the first spike in row-major window order.
/// </summary>
public interface ISpikePool
{
    PoolGeometry Geometry { get; }

    /// <summary>Spikes of the pooled map (windows that contain a spike), canonical order, into <paramref name="pooled"/> (cleared first).</summary>
    void Pool(ReadOnlySpan<LayerSpike> spikes, List<PooledSpike> pooled);
}
