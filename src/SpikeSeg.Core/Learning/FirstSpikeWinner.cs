namespace SpikeSeg.Core.Learning;

/// <summary>The winner <see cref="FirstSpikeWinner.Find"/> reports: map, position and the step of its spike.</summary>
public readonly record struct TimedWinner(int Feature, int Y, int X, int TimeStep);

/// <summary><c>find_wta_winner</c> of <c>learning/stdp.py</c> (§5.2) with a deterministic tie rule (§16.10).</summary>
public static class FirstSpikeWinner
{
    /// <summary>
    /// The earliest step with any spike in [T, C, H, W]; one spike → it; several → the highest potential
    /// ([C, H, W], strictly greater wins, so the first in (c, y, x) scan order on ties). Without potentials the
    /// reference picks at random; here the first spike in scan order wins. Null when nothing spiked.
    /// </summary>
    public static TimedWinner? Find(ReadOnlySpan<float> spikes, int steps, SpikeMapShape shape, ReadOnlySpan<float> potentials)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        shape.RequireLength(spikes.Length, nameof(spikes), steps);
        if (!potentials.IsEmpty)
        {
            shape.RequireLength(potentials.Length, nameof(potentials));
        }

        for (int t = 0; t < steps; t++)
        {
            var step = spikes.Slice(t * shape.Length, shape.Length);
            int winner = -1;
            float best = float.NegativeInfinity;
            for (int i = 0; i < step.Length; i++)
            {
                if (step[i] == 0f)
                {
                    continue;
                }

                if (potentials.IsEmpty)
                {
                    winner = i;
                    break;
                }

                if (winner < 0 || potentials[i] > best)
                {
                    winner = i;
                    best = potentials[i];
                }
            }

            if (winner >= 0)
            {
                int plane = shape.PlaneLength;
                return new TimedWinner(winner / plane, winner % plane / shape.Width, winner % shape.Width, t);
            }
        }

        return null;
    }
}
