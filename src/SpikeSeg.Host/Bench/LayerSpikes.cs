namespace SpikeSeg.Host.Bench;

/// <summary>
/// Spikes each layer emitted over one stream's run. The network's work follows its spikes (each conv1 spike feeds
/// conv2's scatter, each conv3 spike a HULK unravel), so these say whether two configurations asked for the same
/// work: at 1 ms steps the reference configuration's per-step normalisation makes every layer spike 15–18 × more
/// often than at 100 ms for the same events (docs/performance.md).
/// </summary>
public sealed record LayerSpikes(long Conv1, long Conv2, long Conv3)
{
    public static LayerSpikes? Median(IReadOnlyList<LayerSpikes?> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Any(r => r is null))
        {
            return null;
        }

        return new LayerSpikes(
            (long)Medians.Of(runs, r => r!.Conv1),
            (long)Medians.Of(runs, r => r!.Conv2),
            (long)Medians.Of(runs, r => r!.Conv3));
    }
}
