using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Tests.Core.Configuration;

/// <summary>Small valid specifications to mutate in tests.</summary>
internal static class ValidSpecs
{
    /// <summary>16×16 input, 2 polarity channels, 2 → 3 → 1 maps with 3×3 kernels and 2×2 pools.</summary>
    public static NetworkSpec Tiny() => new()
    {
        Name = "tiny",
        Input = new InputSpec(16, 16, 2, 1000, 5),
        Conv1 = new LayerSpec(2, 3, 0.5f, 0.1f, Learns: false),
        Pool1 = new PoolSpec(2, 2),
        Conv2 = new LayerSpec(3, 3, 1f, 0.2f),
        Pool2 = new PoolSpec(2, 2),
        Conv3 = new LayerSpec(1, 3, 2f, 0f),
        Learning = new LearningSpec(),
        Decoder = new DecoderSpec(),
    };
}
