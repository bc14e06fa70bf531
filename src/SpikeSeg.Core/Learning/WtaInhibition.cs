using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Learning;

/// <summary>
/// The library's <c>WTAInhibition</c> (§5.2): global, local (radius) or both (global, then local on the global
/// output; winner mask = global ∧ local), then the optional per-neuron homeostasis fed with the output spikes.
/// </summary>
public sealed class WtaInhibition(WtaMode mode, int localRadius, SpikeMapShape shape, NeuronAdaptiveThreshold? homeostasis = null)
{
    public WtaMode Mode { get; } = mode;

    public int LocalRadius { get; } = localRadius;

    public SpikeMapShape Shape { get; } = shape;

    public NeuronAdaptiveThreshold? Homeostasis { get; } = homeostasis;

    /// <summary>Inhibits in place; <paramref name="winnerMask"/> must hold B·C·H·W values.</summary>
    public void Apply(Span<float> spikes, Span<float> membrane, ReadOnlySpan<float> preResetPotential, int batch, Span<float> winnerMask)
    {
        Shape.RequireLength(winnerMask.Length, nameof(winnerMask), batch);
        switch (Mode)
        {
            case WtaMode.Global:
                LibraryWta.GlobalMembrane(spikes, membrane, preResetPotential, batch, Shape, winnerMask);
                break;
            case WtaMode.Local:
                LibraryWta.LocalMembrane(spikes, membrane, batch, Shape, LocalRadius, winnerMask);
                break;
            default:
                LibraryWta.GlobalMembrane(spikes, membrane, preResetPotential, batch, Shape, winnerMask);
                var localMask = new float[winnerMask.Length];
                LibraryWta.LocalMembrane(spikes, membrane, batch, Shape, LocalRadius, localMask);
                for (int i = 0; i < winnerMask.Length; i++)
                {
                    winnerMask[i] = winnerMask[i] != 0f && localMask[i] != 0f ? 1f : 0f;
                }

                break;
        }

        Homeostasis?.Update(spikes, batch);
    }
}
