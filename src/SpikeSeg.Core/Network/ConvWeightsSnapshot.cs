namespace SpikeSeg.Core.Network;

/// <summary>
/// An immutable copy of a layer's weights at one <see cref="Version"/>: what the owning layer publishes to readers
/// (the decoder's tied weights, checkpoints) so that nobody else holds its mutable arrays.
/// </summary>
public sealed class ConvWeightsSnapshot
{
    private readonly float[] oihw;

    internal ConvWeightsSnapshot(long version, int outChannels, int inChannels, int kernel, float[] oihw)
    {
        Version = version;
        OutChannels = outChannels;
        InChannels = inChannels;
        Kernel = kernel;
        this.oihw = oihw;
    }

    public long Version { get; }

    public int OutChannels { get; }

    public int InChannels { get; }

    public int Kernel { get; }

    /// <summary>OIHW weights <c>[Cout, Cin, K, K]</c>.</summary>
    public ReadOnlySpan<float> Oihw => oihw;
}
