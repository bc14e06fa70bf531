using System.Numerics;

namespace SpikeSeg.Core.Learning;

/// <summary>
/// C = mean(w(1−w)) over a layer's weights: 0 when every weight sits at 0 or 1, 0.25 when all are 0.5.
/// The reference only logs it (the stop rule is <see cref="WinCountStopRule"/>); a layer counts as
/// converged by weight when C &lt; <c>ConvergenceSpec.WeightMetricThreshold</c>.
/// </summary>
public static class ConvergenceMetric
{
    /// <summary>Vector kernel: products in float as the scalar does, sums in double lanes (order differs from the scalar only in rounding of the sum).</summary>
    public static double Compute(ReadOnlySpan<float> weights)
    {
        if (weights.IsEmpty)
        {
            return 0.0;
        }

        int width = Vector<float>.Count;
        int i = 0;
        double sum = 0.0;
        if (Vector.IsHardwareAccelerated && weights.Length >= width)
        {
            var low = Vector<double>.Zero;
            var high = Vector<double>.Zero;
            for (; i <= weights.Length - width; i += width)
            {
                var w = new Vector<float>(weights.Slice(i, width));
                Vector.Widen(w * (Vector<float>.One - w), out var productLow, out var productHigh);
                low += productLow;
                high += productHigh;
            }

            sum = Vector.Sum(low + high);
        }

        sum += SumScalar(weights[i..]);
        return sum / weights.Length;
    }

    /// <summary>Scalar reference of <see cref="Compute"/>.</summary>
    public static double ComputeScalar(ReadOnlySpan<float> weights) =>
        weights.IsEmpty ? 0.0 : SumScalar(weights) / weights.Length;

    public static bool HasConverged(ReadOnlySpan<float> weights, float threshold) => Compute(weights) < threshold;

    private static double SumScalar(ReadOnlySpan<float> weights)
    {
        double sum = 0.0;
        foreach (float w in weights)
        {
            sum += w * (1f - w);
        }

        return sum;
    }
}
