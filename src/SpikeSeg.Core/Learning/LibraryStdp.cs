namespace SpikeSeg.Core.Learning;

/// <summary>How <see cref="LibraryStdp.ComputeBatchUpdate"/> extracts receptive fields and averages.</summary>
public enum BatchUpdateAlignment
{
    /// <summary>Correct (§16.6): the field of <see cref="ReceptiveField.Gather"/> (padding k/2 on all sides), Δ averaged per feature.</summary>
    Corrected,

    /// <summary>The reference <c>compute_batch_update</c>: fields shifted at top/left borders, Δ averaged over the winners of all features.</summary>
    ReferenceMisaligned,
}

/// <summary>
/// The library STDP functions of <c>spikeseg/learning/stdp.py</c> (reference-semantics §6.2), which use +∞
/// for "never". They are not the trainer's path (<see cref="TrainerStdpUpdate"/>) but are kept for
/// conformance and for callers that learn one winner at a time.
/// </summary>
public static class LibraryStdp
{
    /// <summary><c>compute_stdp_update</c>: delta[i] = Δw(weights[i], preTimes[i], postTime) (delta is overwritten).</summary>
    public static void ComputeStdpUpdate(ReadOnlySpan<float> weights, ReadOnlySpan<float> preTimesSteps, float postTimeSteps, ILearningRule rule, Span<float> delta)
    {
        ArgumentNullException.ThrowIfNull(rule);
        delta.Clear();
        rule.AccumulateReceptiveField(weights, preTimesSteps, postTimeSteps, delta);
    }

    /// <summary>
    /// <c>update_weights_for_winner</c>: field at (y·stride − padding, x·stride − padding) with +∞ outside,
    /// Δ added in place to one feature's [InChannels, k, k] weights, then clipped. Returns the convergence
    /// metric of the updated feature (the reference records it as a statistic).
    /// </summary>
    public static double UpdateWeightsForWinner(
        Span<float> featureWeights,
        ReadOnlySpan<float> preTimes,
        SpikeMapShape preShape,
        float postTimeSteps,
        int y,
        int x,
        int kernel,
        int stride,
        int padding,
        ILearningRule rule,
        WeightBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        var field = new float[preShape.Channels * kernel * kernel];
        ReceptiveField.Gather(preTimes, preShape, (y * stride) - padding, (x * stride) - padding, kernel, field);
        var delta = new float[field.Length];
        rule.AccumulateReceptiveField(featureWeights, field, postTimeSteps, delta);
        for (int i = 0; i < featureWeights.Length; i++)
        {
            featureWeights[i] = bounds.Clip(featureWeights[i] + delta[i]);
        }

        return ConvergenceMetric.Compute(featureWeights);
    }

    /// <summary>
    /// <c>compute_batch_update</c>: for every winner — every fired post time of a feature, scanned feature by
    /// feature in row-major order — the Δ of its field (stride 1) is summed; the sum is divided by the winner
    /// count (of all features for the reference, of the feature for the corrected mode). Returns Δ in
    /// <paramref name="delta"/> without applying it.
    /// </summary>
    public static void ComputeBatchUpdate(
        ReadOnlySpan<float> weights,
        KernelShape kernel,
        ReadOnlySpan<float> preTimes,
        SpikeMapShape preShape,
        ReadOnlySpan<float> postTimes,
        SpikeMapShape postShape,
        ILearningRule rule,
        BatchUpdateAlignment alignment,
        Span<float> delta)
    {
        ArgumentNullException.ThrowIfNull(rule);
        kernel.RequireLength(weights.Length, nameof(weights));
        kernel.RequireLength(delta.Length, nameof(delta));
        preShape.RequireLength(preTimes.Length, nameof(preTimes));
        postShape.RequireLength(postTimes.Length, nameof(postTimes));
        if (preShape.Channels != kernel.InChannels || postShape.Channels != kernel.OutChannels)
        {
            throw new ArgumentException($"maps [{preShape.Channels}→{postShape.Channels}] do not match the kernel [{kernel.InChannels}→{kernel.OutChannels}]");
        }

        int perFeature = kernel.PerFeature;
        int padding = kernel.Size / 2;
        var field = new float[perFeature];
        var winnersPerFeature = new int[kernel.OutChannels];
        delta.Clear();
        for (int f = 0; f < kernel.OutChannels; f++)
        {
            var featureWeights = weights.Slice(f * perFeature, perFeature);
            var featureDelta = delta.Slice(f * perFeature, perFeature);
            for (int y = 0; y < postShape.Height; y++)
            {
                for (int x = 0; x < postShape.Width; x++)
                {
                    float postTime = postTimes[postShape.IndexOf(f, y, x)];
                    if (!SpikeTime.HasFired(postTime))
                    {
                        continue;
                    }

                    if (alignment == BatchUpdateAlignment.ReferenceMisaligned)
                    {
                        ReceptiveField.GatherMisalignedAtBorder(preTimes, preShape, y, x, kernel.Size, field);
                    }
                    else
                    {
                        ReceptiveField.Gather(preTimes, preShape, y - padding, x - padding, kernel.Size, field);
                    }

                    rule.AccumulateReceptiveField(featureWeights, field, postTime, featureDelta);
                    winnersPerFeature[f]++;
                }
            }
        }

        int total = 0;
        foreach (int n in winnersPerFeature)
        {
            total += n;
        }

        for (int f = 0; f < kernel.OutChannels; f++)
        {
            int divisor = alignment == BatchUpdateAlignment.ReferenceMisaligned ? total : winnersPerFeature[f];
            if (divisor == 0)
            {
                continue;
            }

            var featureDelta = delta.Slice(f * perFeature, perFeature);
            for (int i = 0; i < featureDelta.Length; i++)
            {
                featureDelta[i] /= divisor;
            }
        }
    }
}
