namespace SpikeSeg.Core.Segmentation;

/// <summary>How the segmenter turns a SMASH object's active pixels into instances (docs/decisions.md).</summary>
/// <param name="LinkRadiusPx">Active pixels at most this far apart (Chebyshev, input pixels) are one instance; 0 keeps the object whole.</param>
/// <param name="MinClusterPixels">Clusters beside the object's largest need this many pixels to be instances of their own.</param>
/// <param name="WeightByEvents">Centroids weight each active pixel by its input value (its event count, normalised).</param>
public sealed record InstanceSplitOptions(int LinkRadiusPx = 3, int MinClusterPixels = 4, bool WeightByEvents = true, int PeakRadiusCells = 0)
{
    public static InstanceSplitOptions Default { get; } = FromEnvironment();

    // TEMPORARY experiment hook
    private static InstanceSplitOptions FromEnvironment()
    {
        var o = new InstanceSplitOptions();
        if (Environment.GetEnvironmentVariable("SPLIT_LINK") is { } l) o = o with { LinkRadiusPx = int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) };
        if (Environment.GetEnvironmentVariable("SPLIT_MIN") is { } m) o = o with { MinClusterPixels = int.Parse(m, System.Globalization.CultureInfo.InvariantCulture) };
        if (Environment.GetEnvironmentVariable("SPLIT_W") is { } w) o = o with { WeightByEvents = w == "1" };
        if (Environment.GetEnvironmentVariable("SPLIT_PEAK") is { } k) o = o with { PeakRadiusCells = int.Parse(k, System.Globalization.CultureInfo.InvariantCulture) };
        return o;
    }
}
