namespace SpikeSeg.Actors.Runtime;

/// <summary>
/// Base class of every actor. The runtime calls <see cref="ReceiveAsync"/> with one message at a time,
/// always from the actor's own mailbox loop, so the fields of a subclass need no locks.
/// </summary>
/// <remarks>
/// <para>Hooks, in order: <see cref="PreStart"/> after creation; on a restart,
/// <see cref="PreRestart"/> on the failed instance (by default it calls <see cref="PostStop"/>), then the
/// children are stopped, a fresh instance is made from the <see cref="Props"/> and
/// <see cref="PostRestart"/> is called on it (by default it calls <see cref="PreStart"/>);
/// <see cref="PostStop"/> once the actor and all its children have stopped.</para>
/// <para><see cref="Context"/> is available from <see cref="PreStart"/> on, not in the constructor.
/// State that must outlive a restart (a weight snapshot, a counter) lives outside the instance,
/// typically captured by the <see cref="Props"/> factory.</para>
/// </remarks>
public abstract class Actor
{
    private IActorContext? _context;

    /// <summary>This actor's view of the runtime; valid from <see cref="PreStart"/> on.</summary>
    protected IActorContext Context =>
        _context ?? throw new InvalidOperationException($"{GetType().Name}: the context is not available in the constructor; use PreStart.");

    protected IActorRef Self => Context.Self;

    /// <summary>The sender of the message being handled (dead letters if it had none).</summary>
    protected IActorRef Sender => Context.Sender;

    /// <summary>Handles one message. A thrown exception is reported to the supervisor, which decides the directive.</summary>
    protected internal abstract ValueTask ReceiveAsync(object message);

    protected internal virtual void PreStart()
    {
    }

    protected internal virtual void PostStop()
    {
    }

    /// <summary>
    /// Called on the failed instance before it is discarded. <paramref name="message"/> is the message
    /// whose handling failed (null when the failure came from a hook or an escalation); call
    /// <see cref="IActorContext.RetryOnceThenSkip"/> here to have the fresh instance handle it first.
    /// </summary>
    protected internal virtual void PreRestart(Exception reason, object? message) => PostStop();

    /// <summary>Called on the fresh instance after a restart.</summary>
    protected internal virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>Records that a message was not understood; it is counted, never silently ignored.</summary>
    protected void Unhandled(object message) => Context.Unhandled(message);

    internal void Bind(IActorContext context) => _context = context;
}
