namespace SpikeSeg.Core.Network;

/// <summary>
/// Settles the leak a neuron owes for steps in which it received no input, as if the dense time-stepped layer had
/// run those steps. Exactness choice: up to <see cref="IterationCap"/> owed steps are iterated with the very
/// arithmetic of <see cref="NeuronDynamics.Integrate"/> (bit-identical to the dense oracle), stopping early at a
/// fixed point (a clamped LIF at 0, λ = 0 or β = 1, an underflowed product); beyond the cap the rest is a closed
/// form (V − mλ, clamped for LIF, or V·βᵐ), which differs from iteration only by accumulated rounding (about m ulp)
/// and bounds the cost of waking a neuron after a long silence. An owed step can never make a neuron spike:
/// with λ ≥ 0 and 0 ≤ β ≤ 1 and no input, a neuron that did not fire stays below θ (thresholds that change are
/// handled by the layer with a full sweep).
/// </summary>
public static class LazyLeak
{
    /// <summary>Owed steps settled by exact iteration before switching to the closed form.</summary>
    public const int IterationCap = 1024;

    public static float Settle(float membrane, long owedSteps, in NeuronParameters p)
    {
        float v = membrane;
        long iterations = Math.Min(owedSteps, IterationCap);
        for (long i = 0; i < iterations; i++)
        {
            float next = NeuronDynamics.Integrate(v, 0f, p);
            if (next == v)
            {
                return next;
            }

            v = next;
        }

        long remaining = owedSteps - iterations;
        return remaining <= 0 ? v : ClosedForm(v, remaining, p);
    }

    /// <summary>The membrane after <paramref name="steps"/> input-free steps, computed in one go (double precision).</summary>
    public static float ClosedForm(float membrane, long steps, in NeuronParameters p)
    {
        double v = p.LeakMode == Configuration.LeakMode.Subtractive
            ? membrane - (steps * (double)p.LeakPerStep)
            : membrane * Math.Pow(p.Beta, steps);
        if (p.Model == Configuration.NeuronModel.Lif && v < 0)
        {
            v = 0;
        }

        return (float)v;
    }
}
