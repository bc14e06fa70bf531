using SpikeSeg.Core.Evaluation;

namespace SpikeSeg.Tests.Core.Evaluation;

public sealed class DetectionScorerTests
{
    private const int W = 64, H = 48;

    /// <summary>Two objects crossing for 20 slices of 10 ms, labelled at each slice's middle.</summary>
    private static List<LabelPoint> Labels()
    {
        var labels = new List<LabelPoint>();
        for (int s = 0; s < 20; s++)
        {
            long mid = (s * 10_000) + 5_000;
            labels.Add(new LabelPoint(mid, 0, 5 + s, 10));
            labels.Add(new LabelPoint(mid, 1, 40, 5 + s));
        }

        return labels;
    }

    private static List<ScoredSlice> Slices(Func<int, IEnumerable<ScoredDetection>> detect) =>
        Enumerable.Range(0, 20).Select(s => new ScoredSlice(s * 10_000, (s * 10_000) + 10_000, detect(s).ToList())).ToList(); // middles fall on the label rows

    private static ScoredDetection At(double x, double y, int track) =>
        new(x, y, (int)x - 1, (int)y - 1, (int)x + 1, (int)y + 1, track);

    [Fact]
    public void PerfectDetectorScoresOne()
    {
        var r = DetectionScorer.Score(Slices(s => [At(5 + s, 10, 0), At(40, 5 + s, 1)]), Labels(), W, H);
        Assert.Equal(40, r.TruePositives);
        Assert.Equal(0, r.FalsePositives);
        Assert.Equal(0, r.FalseNegatives);
        Assert.Equal(1.0, r.F1);
        Assert.Equal(0.0, r.LocalisationErrorPx);
        Assert.Equal(1.0, r.Informedness);
        Assert.All(r.TrackCoverage.Values, c => Assert.Equal(1.0, c));
        Assert.Equal(0, r.FalseTracks);
    }

    [Fact]
    public void EmptyDetectorScoresZeroRecallAndZeroInformedness()
    {
        var r = DetectionScorer.Score(Slices(_ => []), Labels(), W, H);
        Assert.Equal(0, r.TruePositives);
        Assert.Equal(40, r.FalseNegatives);
        Assert.Equal(0.0, r.Recall);
        Assert.Equal(0.0, r.F1);
        Assert.Equal(0.0, r.Informedness); // sensitivity 0, specificity 1
        Assert.Equal(1.0, r.Specificity);
        Assert.All(r.TrackCoverage.Values, c => Assert.Equal(0.0, c));
    }

    [Theory]
    [InlineData(2.0, true)]
    [InlineData(3.0, true)]
    [InlineData(3.5, false)]
    public void ShiftedDetectorMatchesOnlyWithinTheRadius(double shift, bool matches)
    {
        var r = DetectionScorer.Score(Slices(s => [At(5 + s + shift, 10, 0)]), Labels(), W, H, radiusPx: 3);
        Assert.Equal(matches ? 20 : 0, r.TruePositives);
        Assert.Equal(matches ? 0 : 20, r.FalsePositives);
        Assert.Equal(matches ? 20 : 40, r.FalseNegatives);
        if (matches)
        {
            Assert.Equal(shift, r.LocalisationErrorPx, 9);
            Assert.Equal(1.0, r.TrackCoverage[0]);
            Assert.Equal(0.0, r.TrackCoverage[1]);
        }
    }

    [Fact]
    public void OneFalseTrackIsCountedPerMinute()
    {
        // A perfect detector plus a third track that sits where nothing is labelled.
        var r = DetectionScorer.Score(Slices(s => [At(5 + s, 10, 0), At(40, 5 + s, 1), At(60, 40, 7)]), Labels(), W, H);
        Assert.Equal(1, r.FalseTracks);
        Assert.Equal(20, r.FalsePositives);
        Assert.Equal(40.0 / 60.0, r.Precision, 9);
        // 20 slices of 10 001 µs (inclusive ends) of scored time.
        Assert.Equal(1 / (20 * 10_001 / 60e6), r.FalseTracksPerMinute, 6);
    }

    [Fact]
    public void FalseTracksThatReachedConfirmationAreCountedApart()
    {
        // Two stray tracks: #7 sits on empty sky for every slice and is confirmed from its second hit; #8 is a
        // one-hit tentative track. A true track (#0) confirmed from its second hit is not false at all.
        var r = DetectionScorer.Score(
            Slices(s => s == 0
                ? [At(5, 10, 0), At(60, 40, 7), At(20, 60, 8)]
                : [At(5 + s, 10, 0) with { TrackConfirmed = true }, At(60, 40, 7) with { TrackConfirmed = true }]),
            Labels(), W, H);
        Assert.Equal(2, r.FalseTracks);
        Assert.Equal(1, r.FalseConfirmedTracks);
        Assert.Equal(1 / (20 * 10_001 / 60e6), r.FalseConfirmedTracksPerMinute, 6);
        Assert.Equal(2 / (20 * 10_001 / 60e6), r.FalseTracksPerMinute, 6);
    }

    [Fact]
    public void ScoringCanStartHalfway()
    {
        var r = DetectionScorer.Score(Slices(s => s < 10 ? [] : [At(5 + s, 10, 0), At(40, 5 + s, 1)]), Labels(), W, H, scoreFromUs: 100_000);
        Assert.Equal(10, r.Slices);
        Assert.Equal(1.0, r.F1);
    }

    [Fact]
    public void SparseLabelsAreInterpolatedAtEachSliceMiddle()
    {
        // Labels every 10 ms, slices of 1 ms: an object moving 1 px per ms from x = 10 at t = 0.
        var labels = new List<LabelPoint> { new(0, 0, 10, 20), new(10_000, 0, 20, 20), new(20_000, 0, 30, 20) };
        var slices = Enumerable.Range(0, 20)
            .Select(k => new ScoredSlice(k * 1_000, (k * 1_000) + 999, new List<ScoredDetection> { At(10 + k + 0.5, 20, 0) }))
            .ToList();
        var r = DetectionScorer.Score(slices, labels, W, H);
        Assert.Equal(20, r.TruePositives);
        Assert.Equal(0, r.FalsePositives);
        Assert.True(r.LocalisationErrorPx < 0.01, $"error {r.LocalisationErrorPx}");

        // A gap longer than allowed between two rows means the object is not labelled there.
        var gapped = DetectionScorer.Score(slices, labels, W, H, maxLabelGapUs: 5_000);
        Assert.Equal(0, gapped.TruePositives);
    }

    [Fact]
    public void SlicesWithoutLabelsCountDetectionsAsRegionFalsePositives()
    {
        var slices = new List<ScoredSlice>
        {
            new(0, 9_999, [At(10, 10, 0)]),
            new(10_000, 19_999, []),
        };
        var r = DetectionScorer.Score(slices, [], W, H);
        Assert.Equal(1, r.RegionFp);
        Assert.Equal(1, r.RegionTn);
        Assert.Equal(0, r.RegionTp + r.RegionFn);
    }
    [Fact]
    public void DetectorRightInHalfTheSlicesHasFullPrecisionAndHalfRecall()
    {
        var r = DetectionScorer.Score(Slices(s => s % 2 == 0 ? [At(5 + s, 10, 0), At(40, 5 + s, 1)] : []), Labels(), W, H);
        Assert.Equal(20, r.TruePositives);
        Assert.Equal(20, r.FalseNegatives);
        Assert.Equal(1.0, r.Precision);
        Assert.Equal(0.5, r.Recall);
        Assert.Equal(2.0 / 3.0, r.F1, 12);
        Assert.All(r.TrackCoverage.Values, c => Assert.Equal(0.5, c));
        Assert.Equal(0.5, r.Informedness, 12); // sensitivity 1/2, specificity 1
    }

    [Fact]
    public void TwoDetectionsOnOneObjectMatchOnceAndTheNearerWins()
    {
        var r = DetectionScorer.Score(Slices(s => [At(5 + s + 2, 10, 0), At(5 + s + 1, 10, 3), At(40, 5 + s, 1)]), Labels(), W, H);
        Assert.Equal(40, r.TruePositives);
        Assert.Equal(20, r.FalsePositives);
        Assert.Equal(0, r.FalseNegatives);
        Assert.Equal(20.0 / 40.0, r.LocalisationErrorPx, 12); // 20 matches at 1 px, 20 at 0 px
        Assert.Equal(1, r.FalseTracks); // track 0 never matched: the 1 px detection (track 3) took the label each time
    }

    [Fact]
    public void DiagonalShiftIsMeasuredAsEuclideanDistance()
    {
        var r = DetectionScorer.Score(Slices(s => [At(5 + s + 1.8, 10 + 2.4, 0)]), Labels(), W, H, radiusPx: 3.01); // 3-4-5 triangle, 3 px away
        Assert.Equal(20, r.TruePositives);
        Assert.Equal(3.0, r.LocalisationErrorPx, 9);
        var tighter = DetectionScorer.Score(Slices(s => [At(5 + s + 1.8, 10 + 2.4, 0)]), Labels(), W, H, radiusPx: 2.9);
        Assert.Equal(0, tighter.TruePositives);
    }
}
