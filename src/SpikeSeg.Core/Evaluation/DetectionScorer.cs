namespace SpikeSeg.Core.Evaluation;

/// <summary>
/// Scores detections against labelled centroid tracks, slice by slice (a slice is one network step).
/// <list type="bullet">
/// <item>Detection: in each slice, each labelled object's position is the label row of that object nearest the
/// slice's middle among rows inside the slice; detections and labels are matched one to one, greedily by
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
        long scoreFromUs = long.MinValue)
    {
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sensorWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sensorHeight);
        ArgumentOutOfRangeException.ThrowIfNegative(radiusPx);

        var sortedLabels = labels.OrderBy(l => l.TUs).ToArray();
        var labelTimes = sortedLabels.Select(l => l.TUs).ToArray();
        int tp = 0, fp = 0, fn = 0, scored = 0;
        int rtp = 0, rfn = 0, rfp = 0, rtn = 0;
        double errorSum = 0;
        var labelledSlices = new Dictionary<int, int>();
        var detectedSlices = new Dictionary<int, int>();
        var trackHits = new Dictionary<int, (int Matched, int Total)>();
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
            var truth = LabelsInSlice(sortedLabels, labelTimes, slice);
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
            RegionTp = rtp,
            RegionFn = rfn,
            RegionFp = rfp,
            RegionTn = rtn,
        };
    }

    /// <summary>Per object, the label row inside the slice nearest to its middle.</summary>
    internal static List<LabelPoint> LabelsInSlice(LabelPoint[] sorted, long[] times, ScoredSlice slice)
    {
        int start = LowerBound(times, slice.TStartUs);
        double middle = (slice.TStartUs + slice.TEndUs) / 2.0;
        var best = new SortedDictionary<int, LabelPoint>();
        for (int i = start; i < sorted.Length && sorted[i].TUs <= slice.TEndUs; i++)
        {
            var l = sorted[i];
            if (!best.TryGetValue(l.ObjectId, out var current) || Math.Abs(l.TUs - middle) < Math.Abs(current.TUs - middle))
            {
                best[l.ObjectId] = l;
            }
        }

        return [.. best.Values];
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

    private static int LowerBound(long[] times, long value)
    {
        int lo = 0, hi = times.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < value)
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
