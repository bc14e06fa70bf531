namespace SpikeSeg.Actors.Runtime;

/// <summary>Where an actor cell is in its life; only ever moves forward.</summary>
internal enum CellState
{
    /// <summary>Waiting for its first instance.</summary>
    Created,

    Running,

    /// <summary>Waiting for its children to stop before its own <see cref="Actor.PostStop"/>.</summary>
    Terminating,

    Terminated,
}
