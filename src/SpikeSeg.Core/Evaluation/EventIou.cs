namespace SpikeSeg.Core.Evaluation;

/// <summary>
/// Per-event IoU of the segmentation with the objects (docs/evaluation.md): an event is an object event when its
/// ground-truth id is ≥ 0, and a segmented event when its pixel lies inside the box of an instance found at the
/// step the event belongs to. IoU = |object ∩ segmented| / |object ∪ segmented|, counted over events, not pixels,
/// so dense parts of an object weigh as much as they fire.
/// </summary>
public sealed class EventIou
{
    private readonly Dictionary<int, (long Segmented, long Total)> _perObject = [];

    public long ObjectEvents { get; private set; }

    public long SegmentedEvents { get; private set; }

    public long Intersection { get; private set; }

    public long Union => ObjectEvents + SegmentedEvents - Intersection;

    /// <summary>|object ∩ segmented| / |object ∪ segmented|; 0 when both sets are empty.</summary>
    public double Iou => Union == 0 ? 0 : (double)Intersection / Union;

    /// <summary>Per object id: fraction of its events that were segmented.</summary>
    public IReadOnlyDictionary<int, double> ObjectRecall =>
        _perObject.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv => (double)kv.Value.Segmented / kv.Value.Total);

    /// <summary>Counts one event: its ground-truth id (−1 = star, noise or hot pixel) and whether it was segmented.</summary>
    public void Add(int objectId, bool segmented)
    {
        bool isObject = objectId >= 0;
        if (isObject)
        {
            ObjectEvents++;
            var (s, t) = _perObject.GetValueOrDefault(objectId);
            _perObject[objectId] = (s + (segmented ? 1 : 0), t + 1);
        }

        if (segmented)
        {
            SegmentedEvents++;
            if (isObject)
            {
                Intersection++;
            }
        }
    }

    /// <summary>Whether pixel (x, y) lies inside any detection's inclusive box.</summary>
    public static bool InsideAny(IReadOnlyList<ScoredDetection> detections, int x, int y)
    {
        ArgumentNullException.ThrowIfNull(detections);
        for (int i = 0; i < detections.Count; i++)
        {
            var d = detections[i];
            if (x >= d.X0 && x <= d.X1 && y >= d.Y0 && y <= d.Y1)
            {
                return true;
            }
        }

        return false;
    }
}
