namespace SpikeSeg.Core.Learning;

/// <summary>
/// The per-sample update of the reference trainer (<c>STDPTrainer._apply_stdp_update</c>, reference-semantics §6.1),
/// the path the golden file pins: receptive field of winner (f, y, x) = pre map padded by k/2 (padding never
/// fired), Δ from the weights at the start of the call, several winners of one feature summed then divided by
/// the number of winners listed for it (skipped ones included), all features updated at once, whole layer clipped.
/// </summary>
public static class TrainerStdpUpdate
{
    /// <summary>Applies the update in place and returns the reference's update count (InChannels·k² per applied winner).</summary>
    /// <param name="weights">OIHW weights of the trained layer.</param>
    /// <param name="preTimes">[InChannels, H, W] first spike times of the layer's input (−1 or +∞ = never).</param>
    /// <param name="postTimes">[OutChannels, H, W] first spike times of the trained layer (same H, W: stride 1, same padding).</param>
    /// <param name="winners">The WTA winners of this sample; a winner whose post time is negative is skipped, one whose feature is out of range ignored.</param>
    public static int Apply(
        Span<float> weights,
        KernelShape kernel,
        ReadOnlySpan<float> preTimes,
        SpikeMapShape preShape,
        ReadOnlySpan<float> postTimes,
        SpikeMapShape postShape,
        ReadOnlySpan<WtaWinner> winners,
        ILearningRule rule,
        WeightBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(rule);
        kernel.RequireLength(weights.Length, nameof(weights));
        preShape.RequireLength(preTimes.Length, nameof(preTimes));
        postShape.RequireLength(postTimes.Length, nameof(postTimes));
        if (preShape.Channels != kernel.InChannels)
        {
            throw new ArgumentException($"pre map has {preShape.Channels} channels, the kernel expects {kernel.InChannels}", nameof(preTimes));
        }

        int perFeature = kernel.PerFeature;
        int padding = kernel.Size / 2;
        var delta = new float[weights.Length];
        var listed = new int[kernel.OutChannels];
        var field = new float[perFeature];
        int applied = 0;
        foreach (var winner in winners)
        {
            if ((uint)winner.Feature >= (uint)kernel.OutChannels || winner.Feature >= postShape.Channels)
            {
                continue;
            }

            if (!postShape.Contains(winner.Feature, winner.Y, winner.X))
            {
                throw new ArgumentOutOfRangeException(nameof(winners), $"winner {winner} lies outside the post map [{postShape.Channels}, {postShape.Height}, {postShape.Width}]");
            }

            listed[winner.Feature]++;
            float postTime = postTimes[postShape.IndexOf(winner.Feature, winner.Y, winner.X)];
            if (postTime < 0f)
            {
                continue;
            }

            ReceptiveField.Gather(preTimes, preShape, winner.Y - padding, winner.X - padding, kernel.Size, field);
            int offset = winner.Feature * perFeature;
            rule.AccumulateReceptiveField(weights.Slice(offset, perFeature), field, postTime, delta.AsSpan(offset, perFeature));
            applied++;
        }

        for (int f = 0; f < kernel.OutChannels; f++)
        {
            if (listed[f] == 0)
            {
                continue;
            }

            float count = listed[f];
            var row = delta.AsSpan(f * perFeature, perFeature);
            var target = weights.Slice(f * perFeature, perFeature);
            for (int i = 0; i < perFeature; i++)
            {
                target[i] += row[i] / count;
            }
        }

        bounds.Clip(weights);
        return applied * perFeature;
    }
}
