namespace SpikeSeg.Actors.Runtime;

/// <summary>This cell as a supervisor: deciding what happens to a child that failed.</summary>
internal sealed partial class ActorCell
{
    private readonly Dictionary<ActorCell, RestartBudget> _restartBudgets = [];

    /// <summary>Children whose failure this cell escalated; they stay suspended until this cell is resumed or restarted.</summary>
    private readonly List<ActorCell> _childrenAwaitingDecision = [];

    private void HandleChildFailed(ActorCell child, Exception cause)
    {
        if (_state is CellState.Terminating or CellState.Terminated || _stoppingChildren.Contains(child) || !IsChild(child))
        {
            // The child is being stopped anyway; a decision would race with that.
            return;
        }

        SupervisorStrategy strategy = Props.SupervisorStrategy;
        Directive directive = strategy.Decide(cause);
        if (directive == Directive.Restart && !RestartBudgetOf(child, strategy).TryConsume(System.TimeProvider))
        {
            directive = Directive.Escalate;
        }

        System.Instruments.Failed(child.TelemetryName, directive);
        switch (directive)
        {
            case Directive.Resume:
                child.SendSystem(ResumeActor.Instance);
                break;
            case Directive.Restart:
                System.Instruments.Restarted(child.TelemetryName);
                child.SendSystem(new RecreateActor(cause));
                break;
            case Directive.Stop:
                StopChild(child);
                break;
            default:
                Escalate(child, cause);
                break;
        }
    }

    private void Escalate(ActorCell child, Exception cause)
    {
        if (_parent is null)
        {
            StopChild(child);
            System.ReportUnhandledFailure(child.Self, cause);
            return;
        }

        _childrenAwaitingDecision.Add(child);
        if (!_suspended)
        {
            Fail(cause, failed: null, failedWasRetry: false);
        }
    }

    private void ResumeChildrenAwaitingDecision()
    {
        foreach (ActorCell child in _childrenAwaitingDecision)
        {
            child.SendSystem(ResumeActor.Instance);
        }

        _childrenAwaitingDecision.Clear();
    }

    private RestartBudget RestartBudgetOf(ActorCell child, SupervisorStrategy strategy)
    {
        if (!_restartBudgets.TryGetValue(child, out RestartBudget? budget))
        {
            budget = new RestartBudget(strategy.MaxRestarts, strategy.RestartWindow);
            _restartBudgets.Add(child, budget);
        }

        return budget;
    }
}
