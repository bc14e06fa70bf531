using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Learning;

/// <summary>
/// The WTA that picks the neurons that learn (the reference trainer's <c>_find_wta_winners</c>, §5.1, plus the
/// corrected inter-map competition of §16.5). Inputs are one sample's [C, H, W] maps.
/// </summary>
public static class TrainerWta
{
    /// <summary>
    /// Winners of one sample. <see cref="WtaMode.Global"/>: per map the earliest spike. <see cref="WtaMode.Both"/>:
    /// the same, then the inter-map competition of <paramref name="tieRule"/>. <see cref="WtaMode.Local"/> (or
    /// no spike times): per map the location with the most spikes. Every returned winner is recorded in
    /// <paramref name="cooldown"/> when one is given.
    /// </summary>
    /// <param name="firstSpikeTimes">[C, H, W] first spike times (−1 or +∞ = never); empty selects the count rule.</param>
    /// <param name="spikeCounts">[C, H, W] spikes summed over the window; only read by the count rule.</param>
    /// <param name="preResetPotential">[C, H, W] membrane before reset at the first spike, or empty; breaks time ties under <see cref="WtaTieRule.Radius"/>.</param>
    public static WtaWinner[] FindWinners(
        ReadOnlySpan<float> firstSpikeTimes,
        ReadOnlySpan<float> spikeCounts,
        SpikeMapShape shape,
        WtaMode mode,
        WtaTieRule tieRule,
        int localRadius,
        ReadOnlySpan<float> preResetPotential,
        SpatialCooldown? cooldown)
    {
        if (cooldown is not null && cooldown.Shape != shape)
        {
            throw new ArgumentException($"cooldown shape {cooldown.Shape} differs from the map shape {shape}", nameof(cooldown));
        }

        WtaWinner[] winners;
        if (mode == WtaMode.Local || firstSpikeTimes.IsEmpty)
        {
            shape.RequireLength(spikeCounts.Length, nameof(spikeCounts));
            winners = MostSpikesPerMap(spikeCounts, shape, cooldown);
        }
        else
        {
            shape.RequireLength(firstSpikeTimes.Length, nameof(firstSpikeTimes));
            bool useReferenceTies = tieRule == WtaTieRule.ReferenceSamePixel;
            if (!useReferenceTies && !preResetPotential.IsEmpty)
            {
                shape.RequireLength(preResetPotential.Length, nameof(preResetPotential));
            }

            var potential = useReferenceTies ? ReadOnlySpan<float>.Empty : preResetPotential;
            var candidates = EarliestPerMap(firstSpikeTimes, shape, potential, cooldown);
            winners = mode == WtaMode.Global
                ? ToWinners(candidates)
                : tieRule == WtaTieRule.ReferenceSamePixel
                    ? CollapseSamePixel(candidates)
                    : InhibitWithinRadius(candidates, localRadius);
        }

        if (cooldown is not null)
        {
            foreach (var w in winners)
            {
                cooldown.Record(w);
            }
        }

        return winners;
    }

    private readonly record struct Candidate(WtaWinner Winner, float TimeSteps, float Potential);

    /// <summary>
    /// Per map, the smallest fired time over the row-major plane (never-fired and cooled locations excluded);
    /// ties go to the highest pre-reset potential when one is given, then to the lowest flat index.
    /// </summary>
    private static List<Candidate> EarliestPerMap(ReadOnlySpan<float> times, SpikeMapShape shape, ReadOnlySpan<float> potential, SpatialCooldown? cooldown)
    {
        var result = new List<Candidate>(shape.Channels);
        int plane = shape.PlaneLength;
        for (int c = 0; c < shape.Channels; c++)
        {
            int best = -1;
            float bestTime = float.PositiveInfinity;
            float bestPotential = float.NegativeInfinity;
            for (int i = 0; i < plane; i++)
            {
                int flat = (c * plane) + i;
                float t = times[flat];
                if (!SpikeTime.HasFired(t) || (cooldown is not null && cooldown.IsCooled(flat)))
                {
                    continue;
                }

                float v = potential.IsEmpty ? 0f : potential[flat];
                if (best < 0 || t < bestTime || (t == bestTime && v > bestPotential))
                {
                    best = i;
                    bestTime = t;
                    bestPotential = v;
                }
            }

            if (best >= 0)
            {
                result.Add(new Candidate(new WtaWinner(c, best / shape.Width, best % shape.Width), bestTime, bestPotential));
            }
        }

        return result;
    }

    private static WtaWinner[] ToWinners(List<Candidate> candidates) => candidates.Select(c => c.Winner).ToArray();

    /// <summary>
    /// The reference's <c>both</c>: among winners at the identical (y, x) keep the earliest (ties → lowest feature);
    /// output in order of each location's first appearance.
    /// </summary>
    private static WtaWinner[] CollapseSamePixel(List<Candidate> candidates)
    {
        var kept = new List<Candidate>(candidates.Count);
        var slotOfLocation = new Dictionary<(int Y, int X), int>();
        foreach (var c in candidates)
        {
            var location = (c.Winner.Y, c.Winner.X);
            if (slotOfLocation.TryGetValue(location, out int slot))
            {
                if (c.TimeSteps < kept[slot].TimeSteps)
                {
                    kept[slot] = c;
                }
            }
            else
            {
                slotOfLocation.Add(location, kept.Count);
                kept.Add(c);
            }
        }

        return ToWinners(kept);
    }

    /// <summary>
    /// Corrected <c>both</c> (§16.5). Candidates (one per map) are taken in order of spike time, then highest
    /// pre-reset potential, then lowest feature index; a candidate is accepted unless an already accepted
    /// winner lies within Chebyshev distance ≤ <paramref name="radius"/> of it, in which case that map has no
    /// winner this sample (its other locations are not searched again). The output is in acceptance order.
    /// </summary>
    private static WtaWinner[] InhibitWithinRadius(List<Candidate> candidates, int radius)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        var ordered = candidates
            .OrderBy(c => c.TimeSteps)
            .ThenByDescending(c => c.Potential)
            .ThenBy(c => c.Winner.Feature)
            .ToList();
        var accepted = new List<WtaWinner>(ordered.Count);
        foreach (var c in ordered)
        {
            bool inhibited = false;
            foreach (var a in accepted)
            {
                if (Math.Max(Math.Abs(a.Y - c.Winner.Y), Math.Abs(a.X - c.Winner.X)) <= radius)
                {
                    inhibited = true;
                    break;
                }
            }

            if (!inhibited)
            {
                accepted.Add(c.Winner);
            }
        }

        return accepted.ToArray();
    }

    /// <summary>Per map the location with the largest positive count (cooled locations count 0), ties → lowest flat index.</summary>
    private static WtaWinner[] MostSpikesPerMap(ReadOnlySpan<float> counts, SpikeMapShape shape, SpatialCooldown? cooldown)
    {
        var result = new List<WtaWinner>(shape.Channels);
        int plane = shape.PlaneLength;
        for (int c = 0; c < shape.Channels; c++)
        {
            int best = -1;
            float bestCount = 0f;
            for (int i = 0; i < plane; i++)
            {
                int flat = (c * plane) + i;
                float n = cooldown is not null && cooldown.IsCooled(flat) ? 0f : counts[flat];
                if (n > bestCount)
                {
                    best = i;
                    bestCount = n;
                }
            }

            if (best >= 0)
            {
                result.Add(new WtaWinner(c, best / shape.Width, best % shape.Width));
            }
        }

        return result.ToArray();
    }
}
