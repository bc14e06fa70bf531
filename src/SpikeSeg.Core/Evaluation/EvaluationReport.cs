namespace SpikeSeg.Core.Evaluation;

/// <summary>Scores of a run against labels (docs/evaluation.md defines each figure).</summary>
public sealed record EvaluationReport
{
    public required double RadiusPx { get; init; }

    public required int Slices { get; init; }

    public required int TruePositives { get; init; }

    public required int FalsePositives { get; init; }

    public required int FalseNegatives { get; init; }

    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Mean distance between matched detections and their labels, px (NaN if nothing matched).</summary>
    public required double LocalisationErrorPx { get; init; }

    /// <summary>Per labelled object: fraction of its labelled slices in which it was detected.</summary>
    public required IReadOnlyDictionary<int, double> TrackCoverage { get; init; }

    /// <summary>Tracks whose detections mostly match no label, per minute of scored time.</summary>
    public required double FalseTracksPerMinute { get; init; }

    public required int FalseTracks { get; init; }

    /// <summary>
    /// The false tracks that reached confirmation, per minute: what an operator watching confirmed tracks sees.
    /// <see cref="FalseTracksPerMinute"/> also counts one-hit tentative tracks opened by a stray detection.
    /// </summary>
    public required double FalseConfirmedTracksPerMinute { get; init; }

    public required int FalseConfirmedTracks { get; init; }

    /// <summary>Per-slice region confusion counts (see <see cref="DetectionScorer"/>).</summary>
    public required int RegionTp { get; init; }

    public required int RegionFn { get; init; }

    public required int RegionFp { get; init; }

    public required int RegionTn { get; init; }

    public double Sensitivity => Ratio(RegionTp, RegionTp + RegionFn);

    public double Specificity => Ratio(RegionTn, RegionTn + RegionFp);

    /// <summary>Sensitivity + specificity − 1 over time slices (Youden's J).</summary>
    public double Informedness => Sensitivity + Specificity - 1;

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
}
