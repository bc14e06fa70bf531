using System.Runtime.InteropServices;

namespace SpikeSeg.Core.Network;

/// <summary>
/// What one encoder step produced: every layer's spikes in canonical order. The pooled spikes carry their
/// window's index; windows without a spike point at their top-left input (<see cref="PoolIndexMap"/>).
/// Reused by the encoder: valid until its next step.
/// </summary>
public sealed class EncoderStep
{
    internal List<LayerSpike> Conv1List { get; } = [];

    internal List<PooledSpike> Pool1List { get; } = [];

    internal List<LayerSpike> Conv2List { get; } = [];

    internal List<PooledSpike> Pool2List { get; } = [];

    internal List<LayerSpike> Conv3List { get; } = [];

    /// <summary>Index of this step inside the current window (0-based).</summary>
    public int StepInWindow { get; internal set; }

    public ReadOnlySpan<LayerSpike> Conv1Spikes => CollectionsMarshal.AsSpan(Conv1List);

    public ReadOnlySpan<PooledSpike> Pool1Spikes => CollectionsMarshal.AsSpan(Pool1List);

    public ReadOnlySpan<LayerSpike> Conv2Spikes => CollectionsMarshal.AsSpan(Conv2List);

    public ReadOnlySpan<PooledSpike> Pool2Spikes => CollectionsMarshal.AsSpan(Pool2List);

    /// <summary>Classification spikes.</summary>
    public ReadOnlySpan<LayerSpike> Conv3Spikes => CollectionsMarshal.AsSpan(Conv3List);
}
