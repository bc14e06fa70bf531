namespace SpikeSeg.Host.Bench;

/// <summary>
/// Where one stream's wall time went: the engine's stages by their own stopwatches, and the rest (binning, the
/// sparse-step hand-over, timing) as <see cref="BinnerAndOther"/>. <see cref="WindowEnd"/> is the learning done at
/// each window's end (STDP, homeostasis).
/// </summary>
public sealed record StageSeconds(double BinnerAndOther, double Conv1, double Conv2, double Conv3, double Segmenter, double WindowEnd)
{
    public static StageSeconds Median(IReadOnlyList<StageSeconds> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return new StageSeconds(
            Medians.Of(runs, r => r.BinnerAndOther),
            Medians.Of(runs, r => r.Conv1),
            Medians.Of(runs, r => r.Conv2),
            Medians.Of(runs, r => r.Conv3),
            Medians.Of(runs, r => r.Segmenter),
            Medians.Of(runs, r => r.WindowEnd));
    }
}
