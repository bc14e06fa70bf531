using System.Diagnostics.Metrics;

namespace SpikeSeg.Actors.Runtime;

/// <summary>The runtime's instruments on one <see cref="Meter"/> per actor system.</summary>
internal sealed class ActorInstruments : IDisposable
{
    private static readonly string[] DirectiveNames =
        Enum.GetValues<Directive>().Select(d => d.ToString().ToLowerInvariant()).ToArray();

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _unhandled;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _restarts;
    private readonly Counter<long> _stops;

    public ActorInstruments(IMeterFactory? meterFactory, Func<IEnumerable<Measurement<int>>> observeMailboxDepths)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(ActorTelemetry.MeterName)) ?? new Meter(ActorTelemetry.MeterName);
        _processed = _meter.CreateCounter<long>(ActorTelemetry.MessagesProcessed, "{message}", "messages an actor handled without throwing");
        _unhandled = _meter.CreateCounter<long>(ActorTelemetry.MessagesUnhandled, "{message}", "messages an actor did not understand");
        _retried = _meter.CreateCounter<long>(ActorTelemetry.MessagesRetried, "{message}", "failed messages handed to the restarted instance");
        _skipped = _meter.CreateCounter<long>(ActorTelemetry.MessagesSkipped, "{message}", "messages dropped after their retry failed too");
        _deadLettered = _meter.CreateCounter<long>(ActorTelemetry.MessagesDeadLettered, "{message}", "messages sent to an actor that had stopped");
        _failures = _meter.CreateCounter<long>(ActorTelemetry.Failures, "{failure}", "exceptions reported to a supervisor, by the directive chosen");
        _restarts = _meter.CreateCounter<long>(ActorTelemetry.Restarts, "{restart}", "actor instances replaced by supervision");
        _stops = _meter.CreateCounter<long>(ActorTelemetry.Stops, "{stop}", "actors that stopped, normally or by supervision");
        _meter.CreateObservableGauge(ActorTelemetry.MailboxDepth, observeMailboxDepths, "{message}", "messages waiting in an actor's mailbox");
    }

    public Meter Meter => _meter;

    public void Processed(string actor) => Add(_processed, actor);

    public void Unhandled(string actor) => Add(_unhandled, actor);

    public void Retried(string actor) => Add(_retried, actor);

    public void Skipped(string actor) => Add(_skipped, actor);

    public void DeadLettered(string actor) => Add(_deadLettered, actor);

    public void Restarted(string actor) => Add(_restarts, actor);

    public void Stopped(string actor) => Add(_stops, actor);

    public void Failed(string actor, Directive directive)
    {
        if (_failures.Enabled)
        {
            _failures.Add(
                1,
                new KeyValuePair<string, object?>(ActorTelemetry.ActorTag, actor),
                new KeyValuePair<string, object?>(ActorTelemetry.DirectiveTag, DirectiveNames[(int)directive]));
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static void Add(Counter<long> counter, string actor)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>(ActorTelemetry.ActorTag, actor));
        }
    }
}
