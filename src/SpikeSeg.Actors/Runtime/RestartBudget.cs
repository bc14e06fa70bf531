namespace SpikeSeg.Actors.Runtime;

/// <summary>
/// Sliding-window count of one child's restarts: at most <c>maxRestarts</c> within <c>window</c>.
/// Owned by the supervisor's mailbox loop, so it needs no locking.
/// </summary>
internal sealed class RestartBudget(int maxRestarts, TimeSpan window)
{
    private readonly Queue<long> _restartTimestamps = new();

    /// <summary>Records a restart at the clock's current time if the budget allows it.</summary>
    public bool TryConsume(TimeProvider clock)
    {
        long now = clock.GetTimestamp();
        while (_restartTimestamps.TryPeek(out long oldest) && clock.GetElapsedTime(oldest, now) >= window)
        {
            _restartTimestamps.Dequeue();
        }

        if (_restartTimestamps.Count >= maxRestarts)
        {
            return false;
        }

        _restartTimestamps.Enqueue(now);
        return true;
    }
}
