namespace SpikeSeg.Core.Evaluation;

/// <summary>One labelled object position (EBSSA convention: centroid tracks), a row of the labels CSV <c>t_us,object_id,x,y</c>.</summary>
public readonly record struct LabelPoint(long TUs, int ObjectId, double X, double Y);

/// <summary>
/// A detection as the scorer sees it: centroid, inclusive box, the track it belongs to, and whether that track was
/// confirmed at this detection (a tracker's confirmation rule, e.g. two hits).
/// </summary>
public readonly record struct ScoredDetection(double X, double Y, int X0, int Y0, int X1, int Y1, int Track, bool TrackConfirmed = false);

/// <summary>All detections of one time slice (one network step), including slices with none.</summary>
public sealed record ScoredSlice(long TStartUs, long TEndUs, IReadOnlyList<ScoredDetection> Detections);
