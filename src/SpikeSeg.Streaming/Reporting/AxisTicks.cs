using System.Globalization;

namespace SpikeSeg.Streaming.Reporting;

/// <summary>Round tick positions (1, 2 or 5 × 10^k apart) over a value range, and their labels.</summary>
public static class AxisTicks
{
    /// <summary>A range that is never empty: a degenerate or non-finite range widens to something drawable.</summary>
    public static (double Min, double Max) Padded(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            return (0, 1);
        }

        if (max - min < 1e-12)
        {
            double pad = Math.Abs(min) > 1e-12 ? Math.Abs(min) * 0.1 : 1;
            return (min - pad, max + pad);
        }

        return (min, max);
    }

    /// <summary>Spacing of about <paramref name="target"/> ticks over [min, max].</summary>
    public static double Spacing(double min, double max, int target = 5)
    {
        double raw = (max - min) / Math.Max(1, target);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double f = raw / magnitude;
        double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>Tick values inside [min, max] at <paramref name="spacing"/>.</summary>
    public static List<double> Values(double min, double max, double spacing)
    {
        var ticks = new List<double>();
        double first = Math.Ceiling((min - (spacing * 1e-9)) / spacing) * spacing;
        for (double v = first; v <= max + (spacing * 1e-9) && ticks.Count < 50; v += spacing)
        {
            ticks.Add(Math.Abs(v) < spacing * 1e-9 ? 0 : v);
        }

        return ticks;
    }

    /// <summary>A label with as many decimals as the spacing needs (the digit font has no exponent).</summary>
    public static string Label(double value, double spacing)
    {
        int decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(spacing)), 0, 6);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
