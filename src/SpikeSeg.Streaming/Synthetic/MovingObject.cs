namespace SpikeSeg.Streaming.Synthetic;

/// <summary>One satellite or piece of debris in view: its ground-truth id, path and brightness.</summary>
internal sealed class MovingObject
{
    public int Id { get; set; }

    public ObjectTrack Track { get; set; }

    public double EventRateHz { get; set; }

    public double JitterPx { get; set; }

    /// <summary>Continuous time of the object's next event (its Poisson process carries across chunks).</summary>
    public double NextEventUs { get; set; }
}
