namespace SpikeSeg.Core.Output;

/// <summary>How long a frame handed to the frame callback stays valid.</summary>
public enum FrameLifetime
{
    /// <summary>Every step gets a new frame that the consumer may keep (the default).</summary>
    Owned,

    /// <summary>One frame object is refilled every step; valid until the next step (see <see cref="SegmentationFrame.Detach"/>).</summary>
    ReusedUntilNextStep,
}
