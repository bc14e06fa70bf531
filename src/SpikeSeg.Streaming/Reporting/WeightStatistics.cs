namespace SpikeSeg.Streaming.Reporting;

/// <summary>Summary of a weight tensor: range, mean, and how much of it sits at the bounds (STDP drives weights to 0 or 1).</summary>
public readonly record struct WeightStatistics(int Count, double Min, double Mean, double Max, double FractionNearZero, double FractionNearOne)
{
    /// <summary>Distance from 0 or 1 within which a weight counts as settled at that bound.</summary>
    public const double NearBound = 0.05;

    public static WeightStatistics Of(ReadOnlySpan<float> weights)
    {
        if (weights.IsEmpty)
        {
            return new WeightStatistics(0, double.NaN, double.NaN, double.NaN, 0, 0);
        }

        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        int nearZero = 0, nearOne = 0;
        foreach (float w in weights)
        {
            min = Math.Min(min, w);
            max = Math.Max(max, w);
            sum += w;
            nearZero += Math.Abs(w) <= NearBound ? 1 : 0;
            nearOne += Math.Abs(w - 1) <= NearBound ? 1 : 0;
        }

        return new WeightStatistics(weights.Length, min, sum / weights.Length, max, (double)nearZero / weights.Length, (double)nearOne / weights.Length);
    }
}
