namespace SpikeSeg.Actors.Runtime;

/// <summary>
/// The only handle anyone holds on an actor: it delivers messages and nothing else, so an actor's state
/// stays reachable from its own mailbox loop alone.
/// </summary>
/// <remarks>
/// Mailboxes are bounded. <see cref="TellAsync"/> waits for space (backpressure), <see cref="TryTell"/>
/// reports a full mailbox, and <see cref="Tell"/> throws <see cref="MailboxFullException"/> rather than drop.
/// A message sent to an actor that has stopped goes to dead letters, which are counted.
/// </remarks>
public interface IActorRef
{
    /// <summary>Where the actor sits in the supervision tree, e.g. <c>/user/network/conv1</c>.</summary>
    string Path { get; }

    /// <summary>The last segment of <see cref="Path"/>.</summary>
    string Name { get; }

    /// <summary>Enqueues the message if there is room. False when the mailbox is full or closed; the caller keeps the message.</summary>
    bool TryTell(object message, IActorRef? sender = null);

    /// <summary>
    /// Enqueues without waiting. Throws <see cref="MailboxFullException"/> when the mailbox is full;
    /// a stopped actor's message goes to dead letters.
    /// </summary>
    void Tell(object message, IActorRef? sender = null);

    /// <summary>Enqueues, waiting for space when the mailbox is full; a stopped actor's message goes to dead letters.</summary>
    ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends the message with a one-off reply address and returns the reply. Faults with
    /// <see cref="AskTimeoutException"/> after <paramref name="timeout"/> (on the system's clock),
    /// <see cref="ActorStoppedException"/> if the actor has stopped, and <see cref="InvalidCastException"/>
    /// if the reply is not a <typeparamref name="T"/>.
    /// </summary>
    Task<T> Ask<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default);
}
