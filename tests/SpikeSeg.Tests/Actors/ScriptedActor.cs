using SpikeSeg.Actors.Runtime;

namespace SpikeSeg.Tests.Actors;

public enum HookKind
{
    PreStart,
    PostStop,
    PreRestart,
    PostRestart,
}

/// <summary>A lifecycle hook that ran, on which incarnation, with the failure and message it was given.</summary>
public sealed record HookCalled(int Incarnation, HookKind Kind, Type? Reason = null, object? FailedMessage = null);

/// <summary>Throw this exception when handled.</summary>
public sealed record Throw(Exception Exception);

/// <summary>Tell <c>Payload</c> to the report target, tagged with the incarnation.</summary>
public sealed record Echo(object Payload);

public sealed record Echoed(int Incarnation, object Payload);

public sealed record RetryDecided(int Incarnation, RetryDecision Decision, long SkippedSoFar);

/// <summary>Report <see cref="Blocked"/>, then hold the mailbox until <c>Release</c> completes.</summary>
public sealed record Block(Task Release);

public sealed record Blocked(int Incarnation);

/// <summary>Add one to the instance's counter.</summary>
public sealed record Increment;

/// <summary>Reply to the sender with the instance's counter.</summary>
public sealed record GetCount;

public sealed class TestFailureException(string message) : Exception(message);

public sealed class SpecificTestFailureException(string message) : InvalidOperationException(message);

/// <summary>
/// The workhorse of the actor tests: reports each hook to <c>reportTo</c>, understands the small
/// vocabulary above, and hands anything else to an optional script. Each instance knows its
/// incarnation number, so a test can tell a fresh instance from a resumed one.
/// </summary>
public sealed class ScriptedActor(int incarnation, IActorRef reportTo, Func<IActorContext, object, ValueTask>? script, bool retryFailedMessage) : Actor
{
    public int Count { get; private set; }

    /// <summary>Props whose factory numbers incarnations 1, 2, … across restarts.</summary>
    /// <remarks>With <paramref name="retryFailedMessage"/>, PreRestart applies <see cref="IActorContext.RetryOnceThenSkip"/> and reports the decision.</remarks>
    public static Props PropsFor(IActorRef reportTo, Func<IActorContext, object, ValueTask>? script = null, bool retryFailedMessage = false)
    {
        int incarnations = 0;
        return Props.Create(() => new ScriptedActor(Interlocked.Increment(ref incarnations), reportTo, script, retryFailedMessage));
    }

    protected internal override ValueTask ReceiveAsync(object message)
    {
        switch (message)
        {
            case Throw t:
                throw t.Exception;
            case Echo e:
                reportTo.Tell(new Echoed(incarnation, e.Payload), Self);
                return ValueTask.CompletedTask;
            case Block b:
                reportTo.Tell(new Blocked(incarnation), Self);
                return new ValueTask(b.Release);
            case Increment:
                Count++;
                return ValueTask.CompletedTask;
            case GetCount:
                Sender.Tell(Count, Self);
                return ValueTask.CompletedTask;
            default:
                if (script is null)
                {
                    Unhandled(message);
                    return ValueTask.CompletedTask;
                }

                return script(Context, message);
        }
    }

    protected internal override void PreStart() => reportTo.Tell(new HookCalled(incarnation, HookKind.PreStart), Self);

    protected internal override void PostStop() => reportTo.Tell(new HookCalled(incarnation, HookKind.PostStop), Self);

    protected internal override void PreRestart(Exception reason, object? message)
    {
        reportTo.Tell(new HookCalled(incarnation, HookKind.PreRestart, reason.GetType(), message), Self);
        if (retryFailedMessage)
        {
            reportTo.Tell(new RetryDecided(incarnation, Context.RetryOnceThenSkip(), Context.SkippedMessageCount), Self);
        }

        base.PreRestart(reason, message);
    }

    protected internal override void PostRestart(Exception reason)
    {
        reportTo.Tell(new HookCalled(incarnation, HookKind.PostRestart, reason.GetType()), Self);
        base.PostRestart(reason);
    }
}
