namespace SpikeSeg.Core.Configuration;

/// <summary>One spiking convolution layer: <paramref name="Channels"/> output maps of <paramref name="KernelSize"/>² kernels, stride 1, same padding (k/2).</summary>
/// <param name="Channels">Output feature maps.</param>
/// <param name="KernelSize">Odd square kernel side.</param>
/// <param name="Threshold">Firing threshold θ (also the homeostatic resting threshold when homeostasis is on).</param>
/// <param name="Leak">Absolute leak λ per step (subtractive) or λ/θ = 1 − β (multiplicative); 0 ≤ λ ≤ θ.</param>
/// <param name="LeakMode">Subtractive or multiplicative leak.</param>
/// <param name="Neuron">LIF (clamped) or IF.</param>
/// <param name="Learns">Whether STDP trains this layer (conv1 is a fixed DoG bank in the papers).</param>
/// <param name="InhibitAcrossMaps">
/// Forward-pass lateral inhibition (Kheradpisheh et al. 2018): at each position only the map with the highest
/// potential passes its spike on. Off in the reference encoder; the live preset turns it on.
/// </param>
public sealed record LayerSpec(
    int Channels,
    int KernelSize,
    float Threshold,
    float Leak,
    LeakMode LeakMode = LeakMode.Subtractive,
    NeuronModel Neuron = NeuronModel.Lif,
    bool Learns = true,
    bool InhibitAcrossMaps = false)
{
    public int Padding => KernelSize / 2;
}

/// <summary>Max pooling of spikes: kernel × kernel windows every stride pixels, no ceil mode.</summary>
public sealed record PoolSpec(int Kernel, int Stride)
{
    public int OutputSize(int input) => ((input - Kernel) / Stride) + 1;
}
