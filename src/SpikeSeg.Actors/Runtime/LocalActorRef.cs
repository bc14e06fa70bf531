using System.Threading.Channels;

namespace SpikeSeg.Actors.Runtime;

/// <summary>The reference to an actor living in this process: a thin front over its cell's mailbox.</summary>
internal sealed class LocalActorRef(ActorCell cell) : IActorRef
{
    internal ActorCell Cell { get; } = cell;

    public string Path => Cell.Path;

    public string Name => Cell.Name;

    public bool TryTell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Cell.TryEnqueue(new Envelope(message, sender ?? Cell.System.DeadLetters));
    }

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var envelope = new Envelope(message, sender ?? Cell.System.DeadLetters);
        if (Cell.TryEnqueue(envelope))
        {
            return;
        }

        if (Cell.IsMailboxClosed)
        {
            Cell.System.RecordDeadLetter(envelope, this);
            return;
        }

        throw new MailboxFullException(
            $"mailbox of {Path} is full ({Cell.Props.MailboxCapacity} messages); use TellAsync to wait for space or TryTell to handle it");
    }

    public async ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var envelope = new Envelope(message, sender ?? Cell.System.DeadLetters);
        if (!await Cell.EnqueueAsync(envelope, cancellationToken).ConfigureAwait(false))
        {
            Cell.System.RecordDeadLetter(envelope, this);
        }
    }

    public Task<T> Ask<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Cell.System.AskAsync<T>(this, (envelope, ct) => Cell.EnqueueAsync(envelope, ct), message, timeout, cancellationToken);
    }

    public override string ToString() => Path;
}
