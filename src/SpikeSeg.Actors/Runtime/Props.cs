namespace SpikeSeg.Actors.Runtime;

/// <summary>
/// The immutable recipe for an actor: how to make a fresh instance (on start and on every restart),
/// how many messages its mailbox holds, and the strategy it applies to its own children.
/// </summary>
/// <example><c>Props.Create(() => new LayerActor(spec, snapshots)) with { MailboxCapacity = 4 }</c></example>
public sealed record Props
{
    public const int DefaultMailboxCapacity = 1024;

    private readonly int _mailboxCapacity = DefaultMailboxCapacity;
    private readonly SupervisorStrategy _supervisorStrategy = SupervisorStrategy.Default;

    private Props(Func<Actor> factory, Type actorType)
    {
        Factory = factory;
        ActorType = actorType;
    }

    /// <summary>The concrete actor class; its name is the telemetry tag of auto-named actors.</summary>
    public Type ActorType { get; }

    /// <summary>Messages the mailbox holds before senders wait (<see cref="IActorRef.TellAsync"/>) or are refused.</summary>
    public int MailboxCapacity
    {
        get => _mailboxCapacity;
        init => _mailboxCapacity = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MailboxCapacity), value, "a mailbox holds at least one message");
    }

    /// <summary>How this actor supervises the children it spawns.</summary>
    public SupervisorStrategy SupervisorStrategy
    {
        get => _supervisorStrategy;
        init => _supervisorStrategy = value ?? throw new ArgumentNullException(nameof(SupervisorStrategy));
    }

    internal Func<Actor> Factory { get; }

    /// <summary>Called once per incarnation; it must return a new instance each time.</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : Actor
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(factory, typeof(TActor));
    }

    public static Props Create<TActor>()
        where TActor : Actor, new() => new(static () => new TActor(), typeof(TActor));
}
