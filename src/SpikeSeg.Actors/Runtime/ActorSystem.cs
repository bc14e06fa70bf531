using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SpikeSeg.Actors.Runtime;

/// <summary>
/// A tree of actors under one guardian, with one clock, one dead-letter count and one meter.
/// </summary>
/// <remarks>
/// Stopping drains: <see cref="GracefulStopAsync"/> and <see cref="ShutdownAsync"/> close a mailbox to
/// new messages, let the actor handle what is queued, then do the same to its children one after
/// another in creation order (depth-first), and only then stop the actor itself. Create upstream actors
/// before downstream ones so that work in flight still finds its consumer open.
/// </remarks>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ConcurrentDictionary<ActorCell, byte> _liveCells = new();
    private readonly ActorCell _guardian;
    private readonly ActorSystemOptions _options;
    private readonly Lock _shutdownLock = new();
    private long _deadLetterCount;
    private Task<bool>? _shutdown;

    private ActorSystem(string name, ActorSystemOptions options)
    {
        Name = name;
        _options = options;
        DeadLetters = new DeadLettersRef(this);
        Instruments = new ActorInstruments(options.MeterFactory, ObserveMailboxDepths);
        var guardianProps = Props.Create(static () => new GuardianActor()) with
        {
            MailboxCapacity = 1,
            SupervisorStrategy = options.GuardianStrategy,
        };
        _guardian = new ActorCell(this, parent: null, "user", guardianProps);
        _guardian.SendSystem(CreateActor.Instance);
    }

    public string Name { get; }

    public TimeProvider TimeProvider => _options.TimeProvider;

    /// <summary>Sender of messages that had none; replies sent to it are counted as dead letters.</summary>
    public IActorRef DeadLetters { get; }

    /// <summary>Messages that reached no actor: sent to a stopped actor, left in its mailbox when it stopped, or replies nobody awaited.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetterCount);

    internal ActorInstruments Instruments { get; }

    /// <summary>The meter carrying this system's <c>spikeseg.actor.*</c> instruments.</summary>
    public Meter Meter => Instruments.Meter;

    public static ActorSystem Create(string name, ActorSystemOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new ActorSystem(name, options ?? new ActorSystemOptions());
    }

    /// <summary>Creates a top-level actor, supervised by the guardian with <see cref="ActorSystemOptions.GuardianStrategy"/>.</summary>
    public IActorRef ActorOf(Props props, string? name = null)
    {
        if (Volatile.Read(ref _shutdown) is not null)
        {
            throw new InvalidOperationException($"actor system {Name} is shutting down; it cannot create {name ?? "an actor"}");
        }

        return _guardian.Spawn(props, name);
    }

    /// <summary>Completes when <paramref name="actor"/> has stopped and its watchers have been told.</summary>
    public Task WhenTerminated(IActorRef actor) => CellOf(actor).Termination;

    /// <summary>Stops <paramref name="actor"/> after the message in hand; what is still queued goes to dead letters.</summary>
    public void Stop(IActorRef actor) => CellOf(actor).SendSystem(TerminateActor.Instance);

    /// <summary>
    /// Closes the actor's mailbox (further messages become dead letters), waits until everything queued
    /// has been handled, drains its children the same way, then stops it. False if that took longer than
    /// <paramref name="timeout"/> on the system clock; the actor then carries on draining.
    /// </summary>
    public async Task<bool> GracefulStopAsync(IActorRef actor, TimeSpan timeout)
    {
        ActorCell cell = CellOf(actor);
        using var deadline = new CancellationTokenSource(timeout, TimeProvider);
        try
        {
            await DrainTreeAsync(cell, deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Drains every top-level actor in creation order, depth-first (see the class remarks), then stops the
    /// guardian. If that takes longer than <paramref name="timeout"/> the rest is stopped without draining
    /// (queued messages become dead letters) and the result is false. Later calls return the first call's result.
    /// </summary>
    public Task<bool> ShutdownAsync(TimeSpan timeout)
    {
        lock (_shutdownLock)
        {
            return _shutdown ??= RunShutdownAsync(timeout);
        }
    }

    public async ValueTask DisposeAsync() => await ShutdownAsync(_options.DisposeTimeout).ConfigureAwait(false);

    internal void Register(ActorCell cell) => _liveCells.TryAdd(cell, 0);

    internal void Unregister(ActorCell cell) => _liveCells.TryRemove(cell, out _);

    internal void RecordDeadLetter(Envelope envelope, IActorRef recipient)
    {
        Interlocked.Increment(ref _deadLetterCount);
        Instruments.DeadLettered(recipient is LocalActorRef local ? local.Cell.TelemetryName : recipient.Name);
    }

    internal void ReportUnhandledFailure(IActorRef actor, Exception failure)
    {
        try
        {
            _options.OnUnhandledFailure?.Invoke(actor, failure);
        }
#pragma warning disable CA1031 // A faulty observer must not break the mailbox loop that reports to it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Lets a non-actor reference (a test probe) watch an actor: it is told <see cref="Terminated"/>.</summary>
    internal void WatchFromOutside(IActorRef watcher, IActorRef actor) => CellOf(actor).SendSystem(new WatchActor(watcher));

    internal async Task<T> AskAsync<T>(
        IActorRef target,
        Func<Envelope, CancellationToken, ValueTask<bool>> post,
        object message,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var replyTo = new AskReplyRef(this, target.Path);
        using var deadline = new CancellationTokenSource(timeout, TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        object reply;
        try
        {
            var envelope = new Envelope(message, replyTo);
            if (!await post(envelope, linked.Token).ConfigureAwait(false))
            {
                RecordDeadLetter(envelope, target);
                throw new ActorStoppedException($"{target.Path} has stopped; the ask ({message.GetType().Name}) was not delivered");
            }

            reply = await replyTo.Reply.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            replyTo.Abandon();
            throw new AskTimeoutException($"ask to {target.Path} ({message.GetType().Name}) got no reply within {timeout}");
        }
        catch (OperationCanceledException)
        {
            replyTo.Abandon();
            throw;
        }

        return reply is T typed
            ? typed
            : throw new InvalidCastException($"ask to {target.Path} expected a {typeof(T).Name} but the reply was a {reply.GetType().Name}");
    }

    private async Task<bool> RunShutdownAsync(TimeSpan timeout)
    {
        bool drained = true;
        using (var deadline = new CancellationTokenSource(timeout, TimeProvider))
        {
            try
            {
                await DrainTreeAsync(_guardian, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                drained = false;
            }
        }

        if (!drained)
        {
            _guardian.SendSystem(TerminateActor.Instance);
            try
            {
                await _guardian.Termination.WaitAsync(timeout, TimeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // An actor is stuck inside a message; nothing more can be done from outside.
            }
        }

        Instruments.Dispose();
        return drained;
    }

    private static async Task DrainTreeAsync(ActorCell cell, CancellationToken cancellationToken)
    {
        cell.BeginDrain();
        await cell.Drained.WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (ActorCell child in cell.ChildCells())
        {
            await DrainTreeAsync(child, cancellationToken).ConfigureAwait(false);
        }

        cell.SendSystem(TerminateActor.Instance);
        await cell.Termination.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private ActorCell CellOf(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor is LocalActorRef local && ReferenceEquals(local.Cell.System, this)
            ? local.Cell
            : throw new ArgumentException($"{actor.Path} is not an actor of system {Name}", nameof(actor));
    }

    private IEnumerable<Measurement<int>> ObserveMailboxDepths()
    {
        foreach (ActorCell cell in _liveCells.Keys)
        {
            yield return new Measurement<int>(cell.MailboxDepth, new KeyValuePair<string, object?>(ActorTelemetry.ActorTag, cell.TelemetryName));
        }
    }
}
