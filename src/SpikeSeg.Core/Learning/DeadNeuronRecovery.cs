using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Core.Learning;

/// <summary>
/// The trainer's dead-neuron recovery (§7.1): once more than <see cref="WarmUpSamples"/> samples have been seen,
/// every map that fires in fewer than <c>DeadThreshold</c> of them gets W_c ← clip(W_c + N(0, boost²)).
/// The noise comes from <see cref="DeterministicRandom"/>, not from torch's generator, so the draws (not
/// their distribution) differ from the reference. Draw order: dead maps in ascending index, each map's
/// weights in OIHW order, one Gaussian per weight.
/// </summary>
public static class DeadNeuronRecovery
{
    /// <summary>The reference recovers only after more than this many samples.</summary>
    public const int WarmUpSamples = 100;

    /// <summary>Returns the number of maps boosted.</summary>
    public static int Apply(Span<float> weights, KernelShape kernel, AdaptiveThresholdManager manager, WeightBounds bounds, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(random);
        kernel.RequireLength(weights.Length, nameof(weights));
        if (manager.Channels != kernel.OutChannels)
        {
            throw new ArgumentException($"threshold manager has {manager.Channels} maps, the layer {kernel.OutChannels}", nameof(manager));
        }

        var spec = manager.Spec;
        if (!spec.Enabled || !spec.DeadNeuronRecovery || manager.TotalSamples <= WarmUpSamples)
        {
            return 0;
        }

        int boosted = 0;
        for (int c = 0; c < kernel.OutChannels; c++)
        {
            if (!manager.IsDead(c))
            {
                continue;
            }

            var map = weights.Slice(c * kernel.PerFeature, kernel.PerFeature);
            for (int i = 0; i < map.Length; i++)
            {
                map[i] = bounds.Clip(map[i] + (float)random.NextGaussian(0.0, spec.RecoveryBoost));
            }

            boosted++;
        }

        return boosted;
    }
}
