namespace SpikeSeg.Actors.Runtime;

/// <summary>
/// The one-off reply address of an ask: the first message told to it completes the ask. Later
/// replies, and replies after the ask gave up, are counted as dead letters.
/// </summary>
internal sealed class AskReplyRef(ActorSystem system, string targetPath) : IActorRef
{
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Path { get; } = targetPath + "/$ask";

    public string Name => "$ask";

    public Task<object> Reply => _reply.Task;

    public bool TryTell(object message, IActorRef? sender = null)
    {
        Tell(message, sender);
        return true;
    }

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_reply.TrySetResult(message))
        {
            system.RecordDeadLetter(new Envelope(message, sender ?? system.DeadLetters), this);
        }
    }

    public ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        Tell(message, sender);
        return ValueTask.CompletedTask;
    }

    public Task<T> Ask<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Task.FromException<T>(new NotSupportedException($"{Path} is a reply address; it cannot be asked"));

    /// <summary>Closes the address so that a late reply becomes a dead letter.</summary>
    public void Abandon() => _reply.TrySetCanceled();

    public override string ToString() => Path;
}
