namespace SpikeSeg.Streaming.Live;

/// <summary>What a live source throws away when its consumer falls behind and the hand-off queue is full.</summary>
public enum ShedPolicy
{
    /// <summary>Discard the oldest queued packet to make room: the consumer always sees the freshest data.</summary>
    DropOldest = 0,

    /// <summary>Discard the packet being written: the backlog is kept, the newest data is lost.</summary>
    DropNewest = 1,
}
