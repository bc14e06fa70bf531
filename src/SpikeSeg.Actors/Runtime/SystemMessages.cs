namespace SpikeSeg.Actors.Runtime;

/// <summary>
/// Runtime-to-runtime messages. They travel in a separate unbounded queue that the mailbox loop empties
/// before every user message, so supervision and death watch are never held up by backpressure.
/// Their number is bounded by the number of children and watchers, not by traffic.
/// </summary>
internal abstract record SystemMessage;

/// <summary>Make the first instance and run <see cref="Actor.PreStart"/>.</summary>
internal sealed record CreateActor : SystemMessage
{
    public static readonly CreateActor Instance = new();
}

/// <summary>Child → parent: my handling of a message threw; I am suspended until you decide.</summary>
internal sealed record ChildFailed(ActorCell Child, Exception Cause) : SystemMessage;

/// <summary>Parent → child: carry on with the same instance.</summary>
internal sealed record ResumeActor : SystemMessage
{
    public static readonly ResumeActor Instance = new();
}

/// <summary>Parent → child: replace the instance.</summary>
internal sealed record RecreateActor(Exception Cause) : SystemMessage;

/// <summary>Stop after the message in hand; children first, then <see cref="Actor.PostStop"/>.</summary>
internal sealed record TerminateActor : SystemMessage
{
    public static readonly TerminateActor Instance = new();
}

/// <summary>Child → parent: I have fully stopped.</summary>
internal sealed record ChildTerminated(ActorCell Child) : SystemMessage;

/// <summary>The mailbox no longer accepts messages; report when what remains has been handled.</summary>
internal sealed record DrainMailbox : SystemMessage
{
    public static readonly DrainMailbox Instance = new();
}

internal sealed record WatchActor(IActorRef Watcher) : SystemMessage;

internal sealed record UnwatchActor(IActorRef Watcher) : SystemMessage;

/// <summary>Watchee → watcher cell: turns into a <see cref="Terminated"/> if still watched.</summary>
internal sealed record DeathWatchNotification(IActorRef Actor) : SystemMessage;
