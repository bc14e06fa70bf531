namespace SpikeSeg.Core.Tracking;

/// <summary>One object followed across steps. Mutable state owned by <see cref="InstanceTracker"/>.</summary>
public sealed class Track
{
    internal Track(int id, double x, double y, long timeUs)
    {
        Id = id;
        X = x;
        Y = y;
        LastSeenUs = timeUs;
        FirstSeenUs = timeUs;
        Hits = 1;
    }

    /// <summary>Stable identifier, assigned in creation order from 0.</summary>
    public int Id { get; }

    public double X { get; internal set; }

    public double Y { get; internal set; }

    /// <summary>Estimated velocity in pixels per second.</summary>
    public double VelocityXPerS { get; internal set; }

    public double VelocityYPerS { get; internal set; }

    public long FirstSeenUs { get; }

    public long LastSeenUs { get; internal set; }

    public int Hits { get; internal set; }

    public bool Confirmed { get; internal set; }

    /// <summary>Where the track should be at <paramref name="timeUs"/> under constant velocity.</summary>
    public (double X, double Y) PredictAt(long timeUs)
    {
        double dtS = (timeUs - LastSeenUs) * 1e-6;
        return (X + (VelocityXPerS * dtS), Y + (VelocityYPerS * dtS));
    }
}
