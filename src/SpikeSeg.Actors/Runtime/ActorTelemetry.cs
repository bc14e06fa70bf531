namespace SpikeSeg.Actors.Runtime;

/// <summary>
/// Names of the actor runtime's meter, instruments and tags (docs/telemetry.md, <c>spikeseg.actor.*</c>).
/// Tag values are bounded: an actor's name, or its class name when the name was generated.
/// </summary>
public static class ActorTelemetry
{
    public const string MeterName = "SpikeSeg.Actors";

    public const string MessagesProcessed = "spikeseg.actor.messages.processed";
    public const string MessagesUnhandled = "spikeseg.actor.messages.unhandled";
    public const string MessagesRetried = "spikeseg.actor.messages.retried";
    public const string MessagesSkipped = "spikeseg.actor.messages.skipped";
    public const string MessagesDeadLettered = "spikeseg.actor.messages.dead_lettered";
    public const string Failures = "spikeseg.actor.failures";
    public const string Restarts = "spikeseg.actor.restarts";
    public const string Stops = "spikeseg.actor.stops";
    public const string MailboxDepth = "spikeseg.actor.mailbox.depth";

    /// <summary>The actor a measurement is about.</summary>
    public const string ActorTag = "actor";

    /// <summary>The directive a supervisor chose for a failure (one of the <see cref="Directive"/> names, lower case).</summary>
    public const string DirectiveTag = "directive";
}
