namespace SpikeSeg.Actors.Runtime;

/// <summary>
/// What an actor may do with the runtime. Use it only from the actor's own hooks and
/// <see cref="Actor.ReceiveAsync"/>; it is not thread-safe beyond that.
/// </summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>The supervisor; for a top-level actor, the system's guardian.</summary>
    IActorRef Parent { get; }

    /// <summary>Live children, in creation order.</summary>
    IReadOnlyList<IActorRef> Children { get; }

    /// <summary>The sender of the message being handled (dead letters if it had none).</summary>
    IActorRef Sender { get; }

    ActorSystem System { get; }

    /// <summary>Messages waiting in this actor's mailbox (never more than its capacity).</summary>
    int MailboxDepth { get; }

    /// <summary>Messages dropped by <see cref="RetryOnceThenSkip"/> over this actor's whole life, across restarts.</summary>
    long SkippedMessageCount { get; }

    /// <summary>
    /// Creates a child supervised by this actor with <c>Props.SupervisorStrategy</c> of this actor.
    /// <paramref name="name"/> must be unique among live siblings and contain no '/'; null picks one.
    /// </summary>
    IActorRef Spawn(Props props, string? name = null);

    /// <summary>Asks for <see cref="Terminated"/> when <paramref name="actor"/> stops (at once if it already has).</summary>
    IActorRef Watch(IActorRef actor);

    /// <summary>No <see cref="Terminated"/> for <paramref name="actor"/> is delivered after this call.</summary>
    void Unwatch(IActorRef actor);

    /// <summary>Stops this actor or one of its children after the message in hand; queued messages go to dead letters.</summary>
    void Stop(IActorRef actor);

    /// <summary>
    /// The reusable form of design §5, "the step in flight is retried once, then skipped and counted".
    /// Call it from <see cref="Actor.PreRestart"/>: the first failure of a message puts it at the head
    /// of the mailbox for the fresh instance; if that retry fails too, the message is dropped,
    /// <see cref="SkippedMessageCount"/> grows and <c>spikeseg.actor.messages.skipped</c> is counted.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside <see cref="Actor.PreRestart"/>.</exception>
    RetryDecision RetryOnceThenSkip();

    /// <summary>Counts a message the actor did not understand (<c>spikeseg.actor.messages.unhandled</c>).</summary>
    void Unhandled(object message);
}
