using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;

namespace SpikeSeg.Actors.Runtime;

/// <summary>
/// The runtime side of one actor: its bounded mailbox, its system-message queue, the current instance
/// and the mailbox loop. The loop runs as one thread-pool work item at a time (<see cref="_scheduled"/>),
/// so every field not marked otherwise is touched by one logical thread only.
/// </summary>
/// <remarks>
/// Each turn first empties the system queue (supervision, death watch, stop), then handles up to
/// <see cref="MessagesPerTurn"/> user messages and yields the thread so a busy actor cannot starve
/// the others. Supervision, restart and death-watch handling live in the other parts of this class.
/// </remarks>
internal sealed partial class ActorCell : IActorContext, IThreadPoolWorkItem
{
    private const int MessagesPerTurn = 64;

    private readonly ActorCell? _parent;
    private readonly Channel<Envelope> _mailbox;
    private readonly ConcurrentQueue<SystemMessage> _systemMessages = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Terminated notifications, handled before the mailbox but never subject to its capacity.</summary>
    private readonly Queue<Envelope> _notifications = new();

    private int _scheduled;
    private volatile bool _mailboxClosed;
    private Actor? _actor;
    private CellState _state = CellState.Created;

    /// <summary>True while a failure awaits the supervisor's decision or a restart is in progress.</summary>
    private bool _suspended;
    private bool _draining;
    private Envelope? _current;

    public ActorCell(ActorSystem system, ActorCell? parent, string name, Props props)
    {
        System = system;
        _parent = parent;
        Name = name;
        Props = props;
        Path = parent is null ? "/" + name : parent.Path + "/" + name;
        TelemetryName = name.StartsWith('$') ? props.ActorType.Name : name;
        Self = new LocalActorRef(this);
        _mailbox = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(props.MailboxCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }

    public string Name { get; }

    public string Path { get; }

    public Props Props { get; }

    /// <summary>The bounded tag value for this actor's measurements.</summary>
    public string TelemetryName { get; }

    public ActorSystem System { get; }

    public IActorRef Self { get; }

    public IActorRef Parent => _parent?.Self ?? Self;

    public IActorRef Sender => _current?.Sender ?? System.DeadLetters;

    public int MailboxDepth => _mailbox.Reader.Count;

    public bool IsMailboxClosed => _mailboxClosed;

    public Task Drained => _drained.Task;

    public Task Termination => _terminated.Task;

    public bool TryEnqueue(Envelope envelope)
    {
        if (!_mailbox.Writer.TryWrite(envelope))
        {
            return false;
        }

        Schedule();
        return true;
    }

    /// <summary>Waits for space; false (without recording anything) if the mailbox is closed.</summary>
    public ValueTask<bool> EnqueueAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        return TryEnqueue(envelope) ? ValueTask.FromResult(true) : WaitForSpaceAsync(envelope, cancellationToken);

        async ValueTask<bool> WaitForSpaceAsync(Envelope waiting, CancellationToken token)
        {
            try
            {
                await _mailbox.Writer.WriteAsync(waiting, token).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                return false;
            }

            Schedule();
            return true;
        }
    }

    public void SendSystem(SystemMessage message)
    {
        _systemMessages.Enqueue(message);
        Schedule();
    }

    /// <summary>Closes the mailbox to new messages and asks the loop to report when the rest is handled.</summary>
    public void BeginDrain()
    {
        CloseMailbox();
        SendSystem(DrainMailbox.Instance);
    }

    public void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute() => _ = RunTurnAsync();

    public void Unhandled(object message) => System.Instruments.Unhandled(TelemetryName);

    private async Task RunTurnAsync()
    {
        try
        {
            ProcessSystemMessages();
            for (int handled = 0; handled < MessagesPerTurn && _systemMessages.IsEmpty; handled++)
            {
                if (!TryTakeNext(out Envelope envelope, out bool isRetry))
                {
                    break;
                }

                await InvokeAsync(envelope, isRetry).ConfigureAwait(false);
            }

            if (_draining)
            {
                SignalIfDrained();
            }
        }
        finally
        {
            // Full fence: a sender that saw _scheduled == 1 enqueued before this, so the check below sees its message.
            Interlocked.Exchange(ref _scheduled, 0);
            if (HasPendingWork())
            {
                Schedule();
            }
        }
    }

    private bool CanHandleMessages => _state == CellState.Running && !_suspended && _actor is not null;

    private bool HasPendingWork() =>
        !_systemMessages.IsEmpty
        || (CanHandleMessages && (_retryFirst is not null || _notifications.Count > 0 || _mailbox.Reader.Count > 0));

    private bool TryTakeNext(out Envelope envelope, out bool isRetry)
    {
        isRetry = false;
        if (!CanHandleMessages)
        {
            envelope = default;
            return false;
        }

        if (_retryFirst is { } retry)
        {
            _retryFirst = null;
            isRetry = true;
            envelope = retry;
            return true;
        }

        return _notifications.TryDequeue(out envelope) || _mailbox.Reader.TryRead(out envelope);
    }

    private async ValueTask InvokeAsync(Envelope envelope, bool isRetry)
    {
        _current = envelope;
        try
        {
            await _actor!.ReceiveAsync(envelope.Message).ConfigureAwait(false);
            System.Instruments.Processed(TelemetryName);
        }
#pragma warning disable CA1031 // Any exception from actor code is a failure for its supervisor to judge.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            Fail(failure, envelope, isRetry);
        }
        finally
        {
            _current = null;
        }
    }

    private void ProcessSystemMessages()
    {
        while (_systemMessages.TryDequeue(out SystemMessage? message))
        {
            switch (message)
            {
                case CreateActor:
                    HandleCreate();
                    break;
                case ChildFailed failed:
                    HandleChildFailed(failed.Child, failed.Cause);
                    break;
                case ResumeActor:
                    HandleResume();
                    break;
                case RecreateActor recreate:
                    HandleRecreate(recreate.Cause);
                    break;
                case TerminateActor:
                    BeginTerminate();
                    break;
                case ChildTerminated child:
                    HandleChildTerminated(child.Child);
                    break;
                case DrainMailbox:
                    _draining = true;
                    break;
                case WatchActor watch:
                    HandleWatch(watch.Watcher);
                    break;
                case UnwatchActor unwatch:
                    _watchers.Remove(unwatch.Watcher);
                    break;
                case DeathWatchNotification notification:
                    HandleDeathWatchNotification(notification.Actor);
                    break;
                default:
                    throw new InvalidOperationException($"{Path}: unknown system message {message.GetType().Name}");
            }
        }
    }

    private void SignalIfDrained()
    {
        if (CanHandleMessages && _retryFirst is null && _notifications.Count == 0 && _mailbox.Reader.Count == 0)
        {
            _drained.TrySetResult();
        }
    }

    private void CloseMailbox()
    {
        _mailboxClosed = true;
        _mailbox.Writer.TryComplete();
    }

    private static string GeneratedName(int number) => "$" + number.ToString(CultureInfo.InvariantCulture);
}
