namespace SpikeSeg.Actors.Runtime;

/// <summary>Creating, failing, restarting and stopping the actor instance.</summary>
internal sealed partial class ActorCell
{
    /// <summary>The message whose retry the fresh instance handles before anything else.</summary>
    private Envelope? _retryFirst;

    /// <summary>The message in hand when the instance failed, kept for <see cref="Actor.PreRestart"/>.</summary>
    private Envelope? _failed;
    private bool _failedWasRetry;

    /// <summary>Set only while <see cref="Actor.PreRestart"/> runs.</summary>
    private bool _inPreRestart;
    private RetryDecision? _retryDecision;
    private Exception? _pendingRestartCause;
    private long _skippedMessages;

    /// <summary>The last instance the factory made, to refuse a factory that hands back the same object.</summary>
    private Actor? _lastInstance;

    public long SkippedMessageCount => _skippedMessages;

    public RetryDecision RetryOnceThenSkip()
    {
        if (!_inPreRestart)
        {
            throw new InvalidOperationException($"{Path}: RetryOnceThenSkip is only valid inside PreRestart");
        }

        if (_retryDecision is { } decided)
        {
            return decided;
        }

        RetryDecision decision;
        if (_failed is not { } failed)
        {
            decision = RetryDecision.NothingToRetry;
        }
        else if (_failedWasRetry)
        {
            _skippedMessages++;
            System.Instruments.Skipped(TelemetryName);
            decision = RetryDecision.Skipped;
        }
        else
        {
            _retryFirst = failed;
            System.Instruments.Retried(TelemetryName);
            decision = RetryDecision.Retried;
        }

        _retryDecision = decision;
        return decision;
    }

    private void HandleCreate()
    {
        if (_state != CellState.Created)
        {
            return;
        }

        _state = CellState.Running;
        StartIncarnation(restartCause: null);
    }

    /// <summary>Makes an instance from the props and runs PreStart (first time) or PostRestart; a failure goes to the supervisor.</summary>
    private bool StartIncarnation(Exception? restartCause)
    {
        try
        {
            Actor actor = Props.Factory()
                ?? throw new InvalidOperationException($"the factory of {Props.ActorType.Name} returned null");
            if (ReferenceEquals(actor, _lastInstance))
            {
                // Restarting the same object would keep the state the restart is meant to discard.
                throw new InvalidOperationException($"the factory of {Props.ActorType.Name} returned the failed instance; it must create a new one");
            }

            _lastInstance = actor;
            actor.Bind(this);
            _actor = actor;
            if (restartCause is null)
            {
                actor.PreStart();
            }
            else
            {
                actor.PostRestart(restartCause);
            }

            return true;
        }
#pragma warning disable CA1031 // A failing constructor or start hook is reported to the supervisor.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            Fail(new ActorInitializationException($"{Path}: could not start {Props.ActorType.Name}: {failure.Message}", failure), failed: null, failedWasRetry: false);
            return false;
        }
    }

    /// <summary>Suspends the mailbox and reports the failure to the supervisor.</summary>
    private void Fail(Exception cause, Envelope? failed, bool failedWasRetry)
    {
        _suspended = true;
        _failed = failed;
        _failedWasRetry = failedWasRetry;
        if (_parent is null)
        {
            // Only the guardian has no parent, and its instance never throws; keep it running regardless.
            _suspended = false;
            System.ReportUnhandledFailure(Self, cause);
            return;
        }

        _parent.SendSystem(new ChildFailed(this, cause));
    }

    private void HandleResume()
    {
        if (_state != CellState.Running || !_suspended || _pendingRestartCause is not null)
        {
            return;
        }

        if (_actor is null)
        {
            // The factory itself failed: there is no instance to resume.
            BeginTerminate();
            return;
        }

        _suspended = false;
        _failed = null;
        ResumeChildrenAwaitingDecision();
    }

    private void HandleRecreate(Exception cause)
    {
        if (_state != CellState.Running)
        {
            return;
        }

        if (_actor is { } failedInstance)
        {
            _inPreRestart = true;
            _retryDecision = null;
            try
            {
                failedInstance.PreRestart(cause, _failed?.Message);
            }
#pragma warning disable CA1031 // The instance is discarded either way; the exception is reported, not rethrown.
            catch (Exception hookFailure)
#pragma warning restore CA1031
            {
                System.ReportUnhandledFailure(Self, hookFailure);
            }
            finally
            {
                _inPreRestart = false;
            }

            _actor = null;
        }

        _failed = null;
        _childrenAwaitingDecision.Clear();
        _pendingRestartCause = cause;
        StopAllChildren();
        if (ChildCount == 0)
        {
            FinishRestart();
        }
    }

    private void FinishRestart()
    {
        Exception cause = _pendingRestartCause!;
        _pendingRestartCause = null;
        if (StartIncarnation(cause))
        {
            _suspended = false;
        }
    }

    private void BeginTerminate()
    {
        if (_state is CellState.Terminating or CellState.Terminated)
        {
            return;
        }

        _state = CellState.Terminating;
        _pendingRestartCause = null;
        CloseMailbox();
        CloseChildren();
        StopAllChildren();
        if (ChildCount == 0)
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        if (_actor is { } actor)
        {
            _actor = null;
            try
            {
                actor.PostStop();
            }
#pragma warning disable CA1031 // The actor is stopping anyway; the exception is reported, not rethrown.
            catch (Exception hookFailure)
#pragma warning restore CA1031
            {
                System.ReportUnhandledFailure(Self, hookFailure);
            }
        }

        _state = CellState.Terminated;
        if (_retryFirst is { } pendingRetry)
        {
            _retryFirst = null;
            System.RecordDeadLetter(pendingRetry, Self);
        }

        while (_notifications.TryDequeue(out Envelope notification))
        {
            System.RecordDeadLetter(notification, Self);
        }

        while (_mailbox.Reader.TryRead(out Envelope left))
        {
            System.RecordDeadLetter(left, Self);
        }

        _lastInstance = null;
        System.Instruments.Stopped(TelemetryName);
        NotifyWatchersAndForget();
        System.Unregister(this);
        _parent?.SendSystem(new ChildTerminated(this));
        _drained.TrySetResult();
        _terminated.TrySetResult();
    }
}
