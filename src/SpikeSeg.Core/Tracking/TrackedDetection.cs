namespace SpikeSeg.Core.Tracking;

/// <summary>A detection handed to the tracker: where an instance is at one step.</summary>
/// <param name="CentroidX">Centroid column in sensor pixels.</param>
/// <param name="CentroidY">Centroid row in sensor pixels.</param>
public readonly record struct TrackedDetection(double CentroidX, double CentroidY);

/// <summary>The tracker's answer for one detection: the track it joined and whether that track is confirmed.</summary>
public readonly record struct TrackAssignment(int TrackId, bool Confirmed);
