using System.Diagnostics.Metrics;

namespace SpikeSeg.Actors.Runtime;

/// <summary>Settings of an <see cref="ActorSystem"/>; every member has a working default.</summary>
public sealed class ActorSystemOptions
{
    /// <summary>The one clock of the system: restart windows, ask timeouts and stop timeouts are measured on it.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How the guardian supervises top-level actors. <see cref="Directive.Escalate"/> there stops the actor and reports it.</summary>
    public SupervisorStrategy GuardianStrategy { get; init; } = SupervisorStrategy.Default;

    /// <summary>Where the meter comes from (the host's DI container); null creates and owns one.</summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>
    /// Told about failures no supervisor can act on: an escalation past the guardian (the actor is
    /// stopped) and exceptions thrown by <see cref="Actor.PreRestart"/> or <see cref="Actor.PostStop"/>.
    /// </summary>
    public Action<IActorRef, Exception>? OnUnhandledFailure { get; init; }

    /// <summary>How long <see cref="ActorSystem.DisposeAsync"/> lets the actors drain.</summary>
    public TimeSpan DisposeTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
