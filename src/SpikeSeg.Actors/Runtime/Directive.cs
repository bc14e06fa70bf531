namespace SpikeSeg.Actors.Runtime;

/// <summary>What a supervisor does with a child whose message handling threw.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; the failed message is skipped (and counted as a failure).</summary>
    Resume,

    /// <summary>Discard the instance and create a fresh one from its <see cref="Props"/>; the mailbox is kept.</summary>
    Restart,

    /// <summary>Stop the child; its watchers receive <see cref="Terminated"/>.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception, so its own supervisor decides.</summary>
    Escalate,
}
