namespace SpikeSeg.Host.Service;

/// <summary>Where a stream is in its life; /readyz is ready while every stream is Running or Completed.</summary>
internal enum StreamState
{
    Starting,
    Running,

    /// <summary>A finite source ended; all its steps were processed and the final checkpoint written.</summary>
    Completed,

    /// <summary>Stopped by shutdown after draining.</summary>
    Stopped,

    /// <summary>A stage failed beyond its restart budget, or the source or sink failed.</summary>
    Failed,
}
