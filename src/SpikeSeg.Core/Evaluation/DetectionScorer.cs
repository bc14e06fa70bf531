namespace SpikeSeg.Core.Evaluation;

/// <summary>
/// Scores detections against labelled centroid tracks, slice by slice (a slice is one network step).
/// <list type="bullet">
/// <item>Detection: in each slice, each labelled object's position is its labelled track interpolated linearly at the
/// slice's middle, where the middle lies between two rows of that object at most <c>maxLabelGapUs</c> apart (or
/// exactly on a row); labels are sparser than steps (EBSSA, and every 10 ms in the synthetic scenes), so a label
/// is a sample of a track, not an event of its own. Detections and labels are matched one to one, greedily by
/// ascending distance, within <c>radius</c> px. Matched → TP, unmatched detection → FP, unmatched label → FN.</item>
/// <item>Informedness per time slice over the sensor area (Afshar's volume method applied per slice instead of per
/// labelled sample): the TRUE region is every pixel within the radius of a labelled position, the FALSE region the
/// rest of the sensor; a region is positive when the density of detected pixels (union of detection boxes) inside it
/// exceeds the density over the whole sensor. TRUE positive → TP else FN; FALSE positive → FP else TN. A slice
/// without labels has only a FALSE region: positive (any detection) → FP, else TN.</item>
/// </list>
/// </summary>
public static class DetectionScorer
{
    public static EvaluationReport Score(
        IReadOnlyList<ScoredSlice> slices,
        IReadOnlyList<LabelPoint> labels,
        int sensorWidth,
        int sensorHeight,
        double radiusPx = 3.0,
        long scoreFromUs = long.MinValue,
        long maxLabelGapUs = 100_000)
    {
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sensorWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sensorHeight);
        ArgumentOutOfRangeException.ThrowIfNegative(radiusPx);

        var tracks = labels.GroupBy(l => l.ObjectId).OrderBy(g => g.Key).Select(g => g.OrderBy(l => l.TUs).ToArray()).ToArray();
        int tp = 0, fp = 0, fn = 0, scored = 0;
        int rtp = 0, rfn = 0, rfp = 0, rtn = 0;
        double errorSum = 0;
        var labelledSlices = new Dictionary<int, int>();
        var detectedSlices = new Dictionary<int, int>();
        var trackHits = new Dictionary<int, (int Matched, int Total)>();
        var confirmedTracks = new HashSet<int>();
        long scoredUs = 0;
        var grid = new RegionGrid(sensorWidth, sensorHeight);

        foreach (var slice in slices)
        {
            if (slice.TStartUs < scoreFromUs)
            {
                continue;
            }

            scored++;
            scoredUs += slice.TEndUs - slice.TStartUs + 1;
            var truth = LabelsAt(tracks, (slice.TStartUs + slice.TEndUs) / 2.0, maxLabelGapUs);
            foreach (var l in truth)
            {
                labelledSlices[l.ObjectId] = labelledSlices.GetValueOrDefault(l.ObjectId) + 1;
            }

            var matchedDetection = Match(slice.Detections, truth, radiusPx, out var matchedLabel, ref errorSum);
            for (int d = 0; d < slice.Detections.Count; d++)
            {
                var det = slice.Detections[d];
                if (matchedDetection[d])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }

                if (det.Track >= 0)
                {
                    var (m, t) = trackHits.GetValueOrDefault(det.Track);
                    trackHits[det.Track] = (m + (matchedDetection[d] ? 1 : 0), t + 1);
                    if (det.TrackConfirmed)
                    {
                        confirmedTracks.Add(det.Track);
                    }
                }
            }

            for (int l = 0; l < truth.Count; l++)
            {
                if (matchedLabel[l])
                {
                    detectedSlices[truth[l].ObjectId] = detectedSlices.GetValueOrDefault(truth[l].ObjectId) + 1;
                }
                else
                {
                    fn++;
                }
            }

            grid.Classify(slice.Detections, truth, radiusPx, ref rtp, ref rfn, ref rfp, ref rtn);
        }

        int falseTracks = trackHits.Values.Count(v => v.Matched * 2 < v.Total);
        int falseConfirmed = trackHits.Count(kv => kv.Value.Matched * 2 < kv.Value.Total && confirmedTracks.Contains(kv.Key));
        double minutes = scoredUs / 60e6;
        return new EvaluationReport
        {
            RadiusPx = radiusPx,
            Slices = scored,
            TruePositives = tp,
            FalsePositives = fp,
            FalseNegatives = fn,
            LocalisationErrorPx = tp == 0 ? double.NaN : errorSum / tp,
            TrackCoverage = labelledSlices.ToDictionary(kv => kv.Key, kv => (double)detectedSlices.GetValueOrDefault(kv.Key) / kv.Value),
            FalseTracks = falseTracks,
            FalseTracksPerMinute = minutes > 0 ? falseTracks / minutes : 0,
            FalseConfirmedTracks = falseConfirmed,
            FalseConfirmedTracksPerMinute = minutes > 0 ? falseConfirmed / minutes : 0,
            RegionTp = rtp,
            RegionFn = rfn,
            RegionFp = rfp,
            RegionTn = rtn,
        };
    }

    /// <summary>Each object's interpolated position at <paramref name="timeUs"/>, where its labels cover that time.</summary>
    internal static List<LabelPoint> LabelsAt(LabelPoint[][] tracks, double timeUs, long maxGapUs)
    {
        var result = new List<LabelPoint>();
        foreach (var track in tracks)
        {
            int hi = UpperBound(track, timeUs);
            if (hi > 0 && track[hi - 1].TUs == timeUs)
            {
                result.Add(track[hi - 1]);
                continue;
            }

            if (hi == 0 || hi == track.Length)
            {
                continue;
            }

            var a = track[hi - 1];
            var b = track[hi];
            if (b.TUs - a.TUs > maxGapUs)
            {
                continue;
            }

            double f = (timeUs - a.TUs) / (b.TUs - a.TUs);
            result.Add(new LabelPoint((long)timeUs, a.ObjectId, a.X + (f * (b.X - a.X)), a.Y + (f * (b.Y - a.Y))));
        }

        return result;
    }

    private static bool[] Match(IReadOnlyList<ScoredDetection> detections, List<LabelPoint> truth, double radius, out bool[] matchedLabel, ref double errorSum)
    {
        var pairs = new List<(double D, int Det, int Lab)>();
        for (int d = 0; d < detections.Count; d++)
        {
            for (int l = 0; l < truth.Count; l++)
            {
                double dist = Math.Sqrt(Math.Pow(detections[d].X - truth[l].X, 2) + Math.Pow(detections[d].Y - truth[l].Y, 2));
                if (dist <= radius)
                {
                    pairs.Add((dist, d, l));
                }
            }
        }

        pairs.Sort();
        var matchedDetection = new bool[detections.Count];
        matchedLabel = new bool[truth.Count];
        foreach (var (dist, d, l) in pairs)
        {
            if (!matchedDetection[d] && !matchedLabel[l])
            {
                matchedDetection[d] = true;
                matchedLabel[l] = true;
                errorSum += dist;
            }
        }

        return matchedDetection;
    }

    /// <summary>Index of the first row later than <paramref name="timeUs"/>.</summary>
    private static int UpperBound(LabelPoint[] track, double timeUs)
    {
        int lo = 0, hi = track.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (track[mid].TUs <= timeUs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
