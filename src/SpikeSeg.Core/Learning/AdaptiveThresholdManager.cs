using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Learning;

/// <summary>
/// Per-map adaptive thresholds of the layer being trained (the trainer's <c>AdaptiveThresholdManager</c>, §7.1).
/// After each sample: θ_c ← min(θ_c + θ⁺·fired_c, θ_max), then θ_c ← θ_rest + (θ_c − θ_rest)·exp(−1/τ) for every
/// map, and the per-map firing statistics grow. Arithmetic is float32 like the reference's tensors.
/// </summary>
public sealed class AdaptiveThresholdManager
{
    private readonly float[] _thresholds;
    private readonly long[] _samplesFired;
    private readonly float _decayPerSample;

    public AdaptiveThresholdManager(int channels, HomeostasisSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegative(channels);
        if (!(spec.TauTheta > 0f) || !float.IsFinite(spec.TauTheta))
        {
            throw new InvalidInputException($"learning.homeostasis.tauTheta: {spec.TauTheta} must be a finite positive number of samples");
        }

        if (!(spec.ThetaRest <= spec.ThetaMax))
        {
            throw new InvalidInputException($"learning.homeostasis: thetaRest {spec.ThetaRest} exceeds thetaMax {spec.ThetaMax}");
        }

        Spec = spec;
        _thresholds = new float[channels];
        _samplesFired = new long[channels];
        _decayPerSample = (float)Math.Exp(-1.0 / spec.TauTheta);
        Reset();
    }

    public HomeostasisSpec Spec { get; }

    public int Channels => _thresholds.Length;

    /// <summary>θ per map, used as the layer's firing thresholds.</summary>
    public ReadOnlySpan<float> Thresholds => _thresholds;

    /// <summary>Per map, the number of samples in which it fired at least once.</summary>
    public ReadOnlySpan<long> SpikeCounts => _samplesFired;

    public long TotalSamples { get; private set; }

    /// <summary>Back to θ_rest with empty statistics (the start of a layer's training).</summary>
    public void Reset()
    {
        _thresholds.AsSpan().Fill(Spec.ThetaRest);
        Array.Clear(_samplesFired);
        TotalSamples = 0;
    }

    /// <summary>One sample: <paramref name="channelFired"/>[c] is whether map c emitted any spike anywhere in it.</summary>
    public void Update(ReadOnlySpan<bool> channelFired)
    {
        if (channelFired.Length != Channels)
        {
            throw new ArgumentException($"{channelFired.Length} flags for {Channels} maps", nameof(channelFired));
        }

        float rest = Spec.ThetaRest;
        for (int c = 0; c < Channels; c++)
        {
            float theta = _thresholds[c];
            if (channelFired[c])
            {
                theta = Math.Min(theta + Spec.ThetaPlus, Spec.ThetaMax);
                _samplesFired[c]++;
            }
            else
            {
                theta = Math.Min(theta, Spec.ThetaMax);
            }

            _thresholds[c] = rest + ((theta - rest) * _decayPerSample);
        }

        TotalSamples++;
    }

    /// <summary>fired[c] = whether map c has any non-zero value in <paramref name="spikes"/> ([steps or batch, C, H, W] spikes or [C, H, W] counts).</summary>
    public static void FiredMaps(ReadOnlySpan<float> spikes, SpikeMapShape shape, int blocks, Span<bool> fired)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(blocks);
        shape.RequireLength(spikes.Length, nameof(spikes), blocks);
        if (fired.Length != shape.Channels)
        {
            throw new ArgumentException($"{fired.Length} flags for {shape.Channels} maps", nameof(fired));
        }

        fired.Clear();
        int plane = shape.PlaneLength;
        for (int block = 0; block < blocks; block++)
        {
            for (int c = 0; c < shape.Channels; c++)
            {
                if (!fired[c] && spikes.Slice((block * shape.Length) + (c * plane), plane).ContainsAnyExcept(0f))
                {
                    fired[c] = true;
                }
            }
        }
    }

    /// <summary>Whether map c fires in fewer than the dead fraction of samples (only meaningful past the warm-up, see <see cref="DeadNeuronRecovery"/>).</summary>
    public bool IsDead(int channel) =>
        TotalSamples > 0 && ((float)_samplesFired[channel] / TotalSamples) < Spec.DeadThreshold;

    /// <summary>Restores a checkpointed state.</summary>
    public void Restore(ReadOnlySpan<float> thresholds, ReadOnlySpan<long> spikeCounts, long totalSamples)
    {
        if (thresholds.Length != Channels || spikeCounts.Length != Channels || totalSamples < 0)
        {
            throw new InvalidInputException($"checkpoint threshold manager: {thresholds.Length} thresholds / {spikeCounts.Length} counts / {totalSamples} samples do not fit {Channels} maps");
        }

        thresholds.CopyTo(_thresholds);
        spikeCounts.CopyTo(_samplesFired);
        TotalSamples = totalSamples;
    }
}
