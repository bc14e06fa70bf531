namespace SpikeSeg.Actors.Runtime;

/// <summary>Spawning and stopping children. The list is locked because the guardian spawns from any thread.</summary>
internal sealed partial class ActorCell
{
    private readonly Lock _childrenLock = new();
    private readonly List<ActorCell> _children = [];

    /// <summary>Children told to stop whose termination has not arrived yet (loop-owned).</summary>
    private readonly HashSet<ActorCell> _stoppingChildren = [];
    private bool _childrenClosed;
    private int _lastGeneratedName;

    public IReadOnlyList<IActorRef> Children
    {
        get
        {
            lock (_childrenLock)
            {
                return _children.Select(c => c.Self).ToArray();
            }
        }
    }

    private int ChildCount
    {
        get
        {
            lock (_childrenLock)
            {
                return _children.Count;
            }
        }
    }

    public IReadOnlyList<ActorCell> ChildCells()
    {
        lock (_childrenLock)
        {
            return _children.ToArray();
        }
    }

    public IActorRef Spawn(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            if (name.Contains('/', StringComparison.Ordinal) || name.StartsWith('$'))
            {
                throw new ArgumentException($"actor name '{name}' may not contain '/' or start with '$'", nameof(name));
            }
        }

        ActorCell child;
        lock (_childrenLock)
        {
            if (_childrenClosed)
            {
                throw new InvalidOperationException($"{Path} is stopping; it cannot spawn {name ?? "a child"}");
            }

            name ??= GeneratedName(++_lastGeneratedName);
            foreach (ActorCell sibling in _children)
            {
                if (sibling.Name == name)
                {
                    throw new InvalidOperationException($"{Path} already has a child named '{name}'");
                }
            }

            child = new ActorCell(System, this, name, props);
            _children.Add(child);
        }

        System.Register(child);
        child.SendSystem(CreateActor.Instance);
        return child.Self;
    }

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (ReferenceEquals(actor, Self))
        {
            SendSystem(TerminateActor.Instance);
            return;
        }

        if (actor is LocalActorRef local && IsChild(local.Cell))
        {
            StopChild(local.Cell);
            return;
        }

        throw new InvalidOperationException($"{Path} can stop only itself or its children, not {actor.Path}");
    }

    private bool IsChild(ActorCell cell)
    {
        lock (_childrenLock)
        {
            return _children.Contains(cell);
        }
    }

    private void StopChild(ActorCell child)
    {
        if (_stoppingChildren.Add(child))
        {
            child.SendSystem(TerminateActor.Instance);
        }
    }

    private void StopAllChildren()
    {
        foreach (ActorCell child in ChildCells())
        {
            StopChild(child);
        }
    }

    private void CloseChildren()
    {
        lock (_childrenLock)
        {
            _childrenClosed = true;
        }
    }

    private void HandleChildTerminated(ActorCell child)
    {
        lock (_childrenLock)
        {
            _children.Remove(child);
        }

        _stoppingChildren.Remove(child);
        _restartBudgets.Remove(child);
        _childrenAwaitingDecision.Remove(child);
        if (ChildCount > 0)
        {
            return;
        }

        if (_state == CellState.Terminating)
        {
            FinishTerminate();
        }
        else if (_pendingRestartCause is not null)
        {
            FinishRestart();
        }
    }
}
