namespace SpikeSeg.Core.Learning;

/// <summary>
/// The library WTA functions of <c>spikeseg/learning/wta.py</c> and <c>core/functional.py</c> (§5.2), on
/// [B, C, H, W] spike (0/1) and membrane maps, in place. They are not what the trainer learns with
/// (<see cref="TrainerWta"/>); they exist for conformance and for inference-time inhibition.
/// </summary>
public static class LibraryWta
{
    /// <summary>
    /// <c>wta_global_membrane</c> / <c>functional.wta_global</c>: in every map with a spike the winner is the
    /// spiking neuron with the largest score (<paramref name="preResetPotential"/>, or the membrane when that
    /// is empty; first index on ties); only the winner keeps its spike and the whole map's membrane is zeroed.
    /// <paramref name="winnerMask"/> (may be empty) receives 1 at each winner, 0 elsewhere.
    /// </summary>
    public static void GlobalMembrane(Span<float> spikes, Span<float> membrane, ReadOnlySpan<float> preResetPotential, int batch, SpikeMapShape shape, Span<float> winnerMask)
    {
        RequireMaps(spikes, membrane, batch, shape);
        bool hasPreReset = !preResetPotential.IsEmpty;
        if (hasPreReset)
        {
            shape.RequireLength(preResetPotential.Length, nameof(preResetPotential), batch);
        }

        RequireMask(winnerMask, batch, shape);
        winnerMask.Clear();
        int plane = shape.PlaneLength;
        for (int map = 0; map < batch * shape.Channels; map++)
        {
            var mapSpikes = spikes.Slice(map * plane, plane);
            int winner = -1;
            float best = float.NegativeInfinity;
            for (int i = 0; i < plane; i++)
            {
                if (mapSpikes[i] == 0f)
                {
                    continue;
                }

                float score = hasPreReset ? preResetPotential[(map * plane) + i] : membrane[(map * plane) + i];
                if (winner < 0 || score > best)
                {
                    winner = i;
                    best = score;
                }
            }

            if (winner < 0)
            {
                continue;
            }

            float winnerSpike = mapSpikes[winner];
            mapSpikes.Clear();
            mapSpikes[winner] = winnerSpike;
            membrane.Slice(map * plane, plane).Clear();
            if (!winnerMask.IsEmpty)
            {
                winnerMask[(map * plane) + winner] = 1f;
            }
        }
    }

    /// <summary>
    /// <c>wta_local_membrane</c> / <c>functional.wta_local</c>: spikes unchanged; the membrane of every channel
    /// is zeroed inside the (2r+1)² square around each location where any channel spiked. The winner mask
    /// (may be empty) is a copy of the spikes.
    /// </summary>
    public static void LocalMembrane(ReadOnlySpan<float> spikes, Span<float> membrane, int batch, SpikeMapShape shape, int radius, Span<float> winnerMask)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        RequireMaps(spikes, membrane, batch, shape);
        RequireMask(winnerMask, batch, shape);
        int plane = shape.PlaneLength;
        int sample = shape.Length;
        for (int b = 0; b < batch; b++)
        {
            var sampleSpikes = spikes.Slice(b * sample, sample);
            var inhibited = new bool[plane];
            for (int y = 0; y < shape.Height; y++)
            {
                for (int x = 0; x < shape.Width; x++)
                {
                    if (!AnyChannelSpiked(sampleSpikes, shape, y, x))
                    {
                        continue;
                    }

                    for (int yy = Math.Max(0, y - radius); yy <= Math.Min(shape.Height - 1, y + radius); yy++)
                    {
                        for (int xx = Math.Max(0, x - radius); xx <= Math.Min(shape.Width - 1, x + radius); xx++)
                        {
                            inhibited[(yy * shape.Width) + xx] = true;
                        }
                    }
                }
            }

            for (int c = 0; c < shape.Channels; c++)
            {
                var mapMembrane = membrane.Slice((b * sample) + (c * plane), plane);
                for (int i = 0; i < plane; i++)
                {
                    if (inhibited[i])
                    {
                        mapMembrane[i] = 0f;
                    }
                }
            }
        }

        if (!winnerMask.IsEmpty)
        {
            spikes.CopyTo(winnerMask);
        }
    }

    /// <summary>
    /// <c>wta_by_membrane</c>: per map the winner is the arg-max of membrane·spike (first index on ties), only
    /// when that maximum is &gt; 0; such a map keeps only the winner's spike and its whole membrane is zeroed.
    /// A map without a winner emits no spikes (the reference multiplies by the winner mask) and keeps its membrane.
    /// Meaningful with a pre-reset membrane only.
    /// </summary>
    public static void ByMembrane(Span<float> spikes, Span<float> membrane, int batch, SpikeMapShape shape)
    {
        RequireMaps(spikes, membrane, batch, shape);
        int plane = shape.PlaneLength;
        for (int map = 0; map < batch * shape.Channels; map++)
        {
            var mapSpikes = spikes.Slice(map * plane, plane);
            var mapMembrane = membrane.Slice(map * plane, plane);
            int winner = -1;
            float best = 0f;
            for (int i = 0; i < plane; i++)
            {
                float score = mapMembrane[i] * mapSpikes[i];
                if (score > best)
                {
                    winner = i;
                    best = score;
                }
            }

            float winnerSpike = winner >= 0 ? mapSpikes[winner] : 0f;
            mapSpikes.Clear();
            if (winner >= 0)
            {
                mapSpikes[winner] = winnerSpike;
                mapMembrane.Clear();
            }
        }
    }

    /// <summary><c>apply_lateral_inhibition</c>: zero the membrane at (y, x) in every map of one [C, H, W] sample.</summary>
    public static void ApplyLateralInhibition(Span<float> membrane, SpikeMapShape shape, int y, int x)
    {
        shape.RequireLength(membrane.Length, nameof(membrane));
        if (!shape.Contains(0, y, x))
        {
            throw new ArgumentOutOfRangeException(nameof(y), $"({y}, {x}) lies outside the {shape.Height}×{shape.Width} map");
        }

        for (int c = 0; c < shape.Channels; c++)
        {
            membrane[shape.IndexOf(c, y, x)] = 0f;
        }
    }

    private static bool AnyChannelSpiked(ReadOnlySpan<float> sampleSpikes, SpikeMapShape shape, int y, int x)
    {
        for (int c = 0; c < shape.Channels; c++)
        {
            if (sampleSpikes[shape.IndexOf(c, y, x)] != 0f)
            {
                return true;
            }
        }

        return false;
    }

    private static void RequireMaps(ReadOnlySpan<float> spikes, ReadOnlySpan<float> membrane, int batch, SpikeMapShape shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        shape.RequireLength(spikes.Length, nameof(spikes), batch);
        shape.RequireLength(membrane.Length, nameof(membrane), batch);
    }

    private static void RequireMask(Span<float> winnerMask, int batch, SpikeMapShape shape)
    {
        if (!winnerMask.IsEmpty)
        {
            shape.RequireLength(winnerMask.Length, nameof(winnerMask), batch);
        }
    }
}
