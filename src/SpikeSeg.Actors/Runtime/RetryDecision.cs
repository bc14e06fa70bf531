namespace SpikeSeg.Actors.Runtime;

/// <summary>The outcome of <see cref="IActorContext.RetryOnceThenSkip"/>.</summary>
public enum RetryDecision
{
    /// <summary>There was no message in flight (the failure came from a lifecycle hook or an escalation).</summary>
    NothingToRetry,

    /// <summary>The failed message will be handled first by the fresh instance.</summary>
    Retried,

    /// <summary>The failed message had already been retried once; it is dropped and counted as skipped.</summary>
    Skipped,
}
