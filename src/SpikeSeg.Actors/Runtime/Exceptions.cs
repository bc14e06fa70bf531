namespace SpikeSeg.Actors.Runtime;

/// <summary>An actor could not be created or its start hook threw; supervision sees this wrapper.</summary>
public sealed class ActorInitializationException : Exception
{
    public ActorInitializationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ActorInitializationException(string message)
        : base(message)
    {
    }

    public ActorInitializationException()
    {
    }
}

/// <summary><see cref="IActorRef.Tell"/> found the mailbox full; nothing was enqueued.</summary>
public sealed class MailboxFullException : InvalidOperationException
{
    public MailboxFullException(string message)
        : base(message)
    {
    }

    public MailboxFullException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public MailboxFullException()
    {
    }
}

/// <summary>An ask was sent to an actor that has stopped; the message went to dead letters.</summary>
public sealed class ActorStoppedException : InvalidOperationException
{
    public ActorStoppedException(string message)
        : base(message)
    {
    }

    public ActorStoppedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ActorStoppedException()
    {
    }
}

/// <summary>No reply to an ask arrived within its timeout.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    public AskTimeoutException(string message)
        : base(message)
    {
    }

    public AskTimeoutException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public AskTimeoutException()
    {
    }
}
