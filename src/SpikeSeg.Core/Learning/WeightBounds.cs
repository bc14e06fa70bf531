namespace SpikeSeg.Core.Learning;

/// <summary>Hard weight bounds [Min, Max] applied after every update.</summary>
public readonly record struct WeightBounds
{
    public WeightBounds(float min, float max)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max) || min > max)
        {
            throw new InvalidInputException($"learning.weightMin/weightMax: [{min}, {max}] is not a finite range with min ≤ max");
        }

        Min = min;
        Max = max;
    }

    public float Min { get; }

    public float Max { get; }

    public static WeightBounds From(Configuration.LearningSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new WeightBounds(spec.WeightMin, spec.WeightMax);
    }

    public float Clip(float weight) => Math.Clamp(weight, Min, Max);

    public void Clip(Span<float> weights)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = Math.Clamp(weights[i], Min, Max);
        }
    }
}
