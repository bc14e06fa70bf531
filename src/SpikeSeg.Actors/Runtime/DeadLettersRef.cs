namespace SpikeSeg.Actors.Runtime;

/// <summary>The sender of messages that had none, and the sink of replies to it: every message is counted.</summary>
internal sealed class DeadLettersRef(ActorSystem system) : IActorRef
{
    public string Path => "/deadLetters";

    public string Name => "deadLetters";

    public bool TryTell(object message, IActorRef? sender = null)
    {
        Tell(message, sender);
        return true;
    }

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        system.RecordDeadLetter(new Envelope(message, sender ?? this), this);
    }

    public ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        Tell(message, sender);
        return ValueTask.CompletedTask;
    }

    public Task<T> Ask<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Tell(message);
        return Task.FromException<T>(new ActorStoppedException($"{Path} never replies; the ask was counted as a dead letter"));
    }

    public override string ToString() => Path;
}
