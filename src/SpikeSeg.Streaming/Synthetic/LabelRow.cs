namespace SpikeSeg.Streaming.Synthetic;

/// <summary>
/// One ground-truth position of one object (the EBSSA convention: centroid tracks). X and Y are in sensor
/// pixel coordinates where pixel i covers [i − 0.5, i + 0.5), so an event at pixel i sits at position i.
/// </summary>
public readonly record struct LabelRow(long TimestampUs, int ObjectId, double X, double Y);
