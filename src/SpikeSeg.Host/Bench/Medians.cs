namespace SpikeSeg.Host.Bench;

/// <summary>The median of one figure over repeated runs (mean of the middle two for an even count).</summary>
internal static class Medians
{
    public static double Of<T>(IReadOnlyList<T> runs, Func<T, double> pick)
    {
        var values = runs.Select(pick).Order().ToArray();
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
