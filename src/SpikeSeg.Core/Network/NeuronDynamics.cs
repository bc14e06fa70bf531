using System.Runtime.CompilerServices;
using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Network;

/// <summary>
/// One neuron, one step, in the order of reference-semantics §2.1: integrate with leak, clamp at 0 (LIF only),
/// pre-reset, V ≥ θ, fire-once mask, reset to 0, mark fired. Both layer engines call these functions so that
/// their arithmetic is the same instruction for instruction.
/// </summary>
public static class NeuronDynamics
{
    /// <summary>Leak and integrate <paramref name="current"/>, then clamp (LIF): the membrane before the threshold test.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Integrate(float membrane, float current, in NeuronParameters p)
    {
        float v = p.LeakMode == LeakMode.Subtractive
            ? (membrane + current) - p.LeakPerStep
            : (p.Beta * membrane) + current;
        if (p.Model == NeuronModel.Lif && v < 0f)
        {
            v = 0f;
        }

        return v;
    }

    /// <summary>
    /// A full step of one neuron. Returns whether it spiked; <paramref name="preReset"/> is the membrane after
    /// integration and clamp. With <paramref name="fireOnce"/> a neuron that already fired neither spikes nor resets.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Step(ref float membrane, ref bool hasFired, float current, float threshold, in NeuronParameters p, bool fireOnce, out float preReset)
    {
        float v = Integrate(membrane, current, p);
        preReset = v;
        bool spike = v >= threshold && !(fireOnce && hasFired);
        if (spike)
        {
            v = 0f;
            if (fireOnce)
            {
                hasFired = true;
            }
        }

        membrane = v;
        return spike;
    }
}
