namespace SpikeSeg.Actors.Runtime;

/// <summary>Death watch: who is told when this actor stops, and whom this actor waits on.</summary>
internal sealed partial class ActorCell
{
    private readonly HashSet<IActorRef> _watchers = [];
    private readonly HashSet<IActorRef> _watching = [];

    public IActorRef Watch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is not LocalActorRef target || !ReferenceEquals(target.Cell.System, System))
        {
            throw new ArgumentException($"{actor.Path} is not an actor of system {System.Name}; only actors can be watched", nameof(actor));
        }

        if (!ReferenceEquals(target.Cell, this) && _watching.Add(actor))
        {
            target.Cell.SendSystem(new WatchActor(Self));
        }

        return actor;
    }

    public void Unwatch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!_watching.Remove(actor))
        {
            return;
        }

        if (actor is LocalActorRef target)
        {
            target.Cell.SendSystem(new UnwatchActor(Self));
        }

        // A notification already queued for it must not be delivered after Unwatch returns.
        int queued = _notifications.Count;
        for (int i = 0; i < queued; i++)
        {
            Envelope notification = _notifications.Dequeue();
            if (notification.Message is not Terminated terminated || !ReferenceEquals(terminated.Actor, actor))
            {
                _notifications.Enqueue(notification);
            }
        }
    }

    private void HandleWatch(IActorRef watcher)
    {
        if (_state == CellState.Terminated)
        {
            NotifyTerminated(watcher);
        }
        else
        {
            _watchers.Add(watcher);
        }
    }

    private void HandleDeathWatchNotification(IActorRef actor)
    {
        if (_state != CellState.Terminated && _watching.Remove(actor))
        {
            _notifications.Enqueue(new Envelope(new Terminated(actor), actor));
        }
    }

    private void NotifyTerminated(IActorRef watcher)
    {
        if (watcher is LocalActorRef cellWatcher)
        {
            cellWatcher.Cell.SendSystem(new DeathWatchNotification(Self));
        }
        else
        {
            watcher.Tell(new Terminated(Self), Self);
        }
    }

    private void NotifyWatchersAndForget()
    {
        foreach (IActorRef watcher in _watchers)
        {
            NotifyTerminated(watcher);
        }

        _watchers.Clear();
        foreach (IActorRef watched in _watching)
        {
            if (watched is LocalActorRef target)
            {
                target.Cell.SendSystem(new UnwatchActor(Self));
            }
        }

        _watching.Clear();
    }
}
