namespace SpikeSeg.Tests.Actors;

/// <summary>One exception type per row of <see cref="SupervisionTable"/>.</summary>
public sealed class ResumeFailureException() : Exception("resume me");

public sealed class RestartFailureException() : Exception("restart me");

public sealed class StopFailureException() : Exception("stop me");

public sealed class EscalateFailureException() : Exception("escalate me");
