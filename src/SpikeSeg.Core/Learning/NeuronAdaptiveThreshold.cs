namespace SpikeSeg.Core.Learning;

/// <summary>
/// The library's per-neuron homeostasis (<c>AdaptiveThreshold</c> in <c>wta.py</c>, §7.2): cumulative firing rate
/// per (c, y, x), θ += lr·(rate − target)·θ, clamped. The reference never feeds these thresholds back into a
/// neuron; the per-map <see cref="AdaptiveThresholdManager"/> is the one training uses.
/// </summary>
public sealed class NeuronAdaptiveThreshold
{
    private readonly float[] _thresholds;
    private readonly float[] _counts;

    public NeuronAdaptiveThreshold(
        SpikeMapShape shape,
        float initialThreshold = 10f,
        float targetRate = 0.1f,
        float learningRate = 0.001f,
        float thresholdMin = 1f,
        float thresholdMax = 100f)
    {
        if (!(thresholdMin <= thresholdMax))
        {
            throw new InvalidInputException($"wta.homeostasis: threshold range [{thresholdMin}, {thresholdMax}] is empty");
        }

        Shape = shape;
        TargetRate = targetRate;
        LearningRate = learningRate;
        ThresholdMin = thresholdMin;
        ThresholdMax = thresholdMax;
        _thresholds = new float[shape.Length];
        _thresholds.AsSpan().Fill(initialThreshold);
        _counts = new float[shape.Length];
    }

    public SpikeMapShape Shape { get; }

    public float TargetRate { get; }

    public float LearningRate { get; }

    public float ThresholdMin { get; }

    public float ThresholdMax { get; }

    public long Presentations { get; private set; }

    public ReadOnlySpan<float> Thresholds => _thresholds;

    /// <summary>Adds one batch of [B, C, H, W] spikes and moves every threshold toward the target rate.</summary>
    public void Update(ReadOnlySpan<float> spikes, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        Shape.RequireLength(spikes.Length, nameof(spikes), batch);
        for (int b = 0; b < batch; b++)
        {
            var sample = spikes.Slice(b * Shape.Length, Shape.Length);
            for (int i = 0; i < sample.Length; i++)
            {
                _counts[i] += sample[i];
            }
        }

        Presentations += batch;
        float presentations = Presentations;
        for (int i = 0; i < _thresholds.Length; i++)
        {
            float rate = _counts[i] / presentations;
            float theta = _thresholds[i];
            _thresholds[i] = Math.Clamp(theta + (LearningRate * (rate - TargetRate) * theta), ThresholdMin, ThresholdMax);
        }
    }
}
