namespace SpikeSeg.Core.Segmentation;

/// <summary>
/// How the segmenter picks the classification spikes it unravels and turns each SMASH object's pixels into instances
/// (docs/decisions.md, "Instances are clusters of a step's events inside the HULK masks").
/// </summary>
/// <param name="PeakRadiusCells">
/// HULK unravels each classification spike whose pre-reset potential is the highest of its class within this many
/// cells (a peak of the classification map); 0 unravels one spike per 8-connected cluster instead.
/// </param>
/// <param name="LinkRadiusPx">Active pixels at most this far apart (Chebyshev, input pixels) belong to one instance; 0 keeps each object whole.</param>
/// <param name="MinClusterPixels">A cluster beside an object's largest needs this many pixels to be an instance of its own.</param>
/// <param name="WeightByEvents">Centroids weight each active pixel by its input value (its event count in the step).</param>
public sealed record InstanceOptions(int PeakRadiusCells = 2, int LinkRadiusPx = 3, int MinClusterPixels = 4, bool WeightByEvents = true)
{
    public static InstanceOptions Default { get; } = new();

    /// <summary>Close to the segmenter of earlier versions: one seed per cluster of classification spikes, each object one instance, unweighted centroids (an event pixel shared by two objects now counts for the first only).</summary>
    public static InstanceOptions WholeObjects { get; } = new(PeakRadiusCells: 0, LinkRadiusPx: 0, MinClusterPixels: 1, WeightByEvents: false);

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (PeakRadiusCells < 0 || LinkRadiusPx < 0 || MinClusterPixels < 1)
        {
            throw new ArgumentException($"Invalid instance options {this}: radii must be ≥ 0 and the minimum cluster ≥ 1 pixel.");
        }
    }
}
