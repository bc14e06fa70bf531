namespace SpikeSeg.Actors.Runtime;

/// <summary>The root of the tree: it only supervises the top-level actors; it has no messages of its own.</summary>
internal sealed class GuardianActor : Actor
{
    protected internal override ValueTask ReceiveAsync(object message)
    {
        Unhandled(message);
        return ValueTask.CompletedTask;
    }
}
