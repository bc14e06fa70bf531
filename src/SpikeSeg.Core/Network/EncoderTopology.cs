using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Network;

/// <summary>Which engine runs the encoder's layers and pools.</summary>
public enum EncoderEngine
{
    /// <summary>The time-stepped dense oracle (every neuron, every window, every step).</summary>
    Dense,

    /// <summary>Only neurons and windows reached by spikes; lazy leak.</summary>
    EventDriven,
}

/// <summary>The shapes and dynamics of the encoder conv1 → pool1 → conv2 → pool2 → conv3 (reference-semantics §3).</summary>
public sealed record EncoderTopology(
    int InputChannels,
    int InputHeight,
    int InputWidth,
    LayerSpec Conv1,
    PoolSpec Pool1,
    LayerSpec Conv2,
    PoolSpec Pool2,
    LayerSpec Conv3)
{
    public static EncoderTopology From(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new EncoderTopology(spec.Input.PolarityChannels, spec.Input.Height, spec.Input.Width, spec.Conv1, spec.Pool1, spec.Conv2, spec.Pool2, spec.Conv3);
    }

    public ConvGeometry Conv1Geometry => ConvGeometry.SamePadded(InputChannels, InputHeight, InputWidth, Conv1.Channels, Conv1.KernelSize);

    public PoolGeometry Pool1Geometry => PoolGeometry.From(Pool1, Conv1.Channels, Conv1Geometry.OutHeight, Conv1Geometry.OutWidth);

    public ConvGeometry Conv2Geometry => ConvGeometry.SamePadded(Conv1.Channels, Pool1Geometry.OutHeight, Pool1Geometry.OutWidth, Conv2.Channels, Conv2.KernelSize);

    public PoolGeometry Pool2Geometry => PoolGeometry.From(Pool2, Conv2.Channels, Conv2Geometry.OutHeight, Conv2Geometry.OutWidth);

    public ConvGeometry Conv3Geometry => ConvGeometry.SamePadded(Conv2.Channels, Pool2Geometry.OutHeight, Pool2Geometry.OutWidth, Conv3.Channels, Conv3.KernelSize);
}
