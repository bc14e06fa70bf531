namespace SpikeSeg.Actors.Runtime;

/// <summary>Delivered to every watcher of <paramref name="Actor"/> once it has stopped, normally or by supervision.</summary>
public sealed record Terminated(IActorRef Actor);
