namespace SpikeSeg.Host.Bench;

/// <summary>
/// Where one stream's wall time went: the engine's stages by their own stopwatches, and the rest (binning, the
/// sparse-step hand-over, timing) as <see cref="BinnerAndOther"/>.
/// </summary>
public sealed record StageSeconds(double BinnerAndOther, double Conv1, double Conv2, double Conv3, double Segmenter)
{
    public static StageSeconds Median(IReadOnlyList<StageSeconds> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return new StageSeconds(
            Med(runs, r => r.BinnerAndOther),
            Med(runs, r => r.Conv1),
            Med(runs, r => r.Conv2),
            Med(runs, r => r.Conv3),
            Med(runs, r => r.Segmenter));
    }

    private static double Med(IReadOnlyList<StageSeconds> runs, Func<StageSeconds, double> pick)
    {
        var values = runs.Select(pick).Order().ToArray();
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
