namespace SpikeSeg.Host.ScaleOut;

/// <summary>What a camera consumer has done; every input message ends in exactly one of these bins.</summary>
public sealed class ConsumerCounters
{
    private long _processed, _duplicates, _deadLettered, _gaps, _reconnects;

    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Batches at or below the last processed sequence (a publisher resend or a redelivery): acknowledged, not reprocessed.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Malformed messages moved to the dead-letter queue with a reason.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Sequence numbers never seen (a jump forward), counted, not waited for.</summary>
    public long Gaps => Interlocked.Read(ref _gaps);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    internal void AddProcessed() => Interlocked.Increment(ref _processed);

    internal void AddDuplicate() => Interlocked.Increment(ref _duplicates);

    internal void AddDeadLettered() => Interlocked.Increment(ref _deadLettered);

    internal void AddGaps(long n) => Interlocked.Add(ref _gaps, n);

    internal void AddReconnect() => Interlocked.Increment(ref _reconnects);
}
