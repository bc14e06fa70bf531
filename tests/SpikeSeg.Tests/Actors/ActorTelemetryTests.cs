using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SpikeSeg.Actors.Runtime;
using SpikeSeg.Tests.Actors.TestKit;

namespace SpikeSeg.Tests.Actors;

public sealed class ActorTelemetryTests
{
    [Fact]
    public async Task Counters_CountProcessedRestartsSkipsAndStops_TaggedWithTheActorName()
    {
        var t = new ActorTestSystem(SupervisorStrategy.OneForOne(10, TimeSpan.FromMinutes(1), Directive.Restart));
        using var recorder = new MeasurementRecorder(t.System.Meter);
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe, retryFailedMessage: true), "conv1");
        actor.Tell(new Increment());
        actor.Tell(new Increment());
        actor.Tell(new Throw(new TestFailureException("poison")));
        actor.Tell(new Echo("done"));
        await probe.FishForMsgAsync<Echoed>(e => e == new Echoed(3, "done"));

        Assert.True(await t.System.GracefulStopAsync(actor, TimeSpan.FromMinutes(1)));

        Assert.Equal(3, recorder.Sum(ActorTelemetry.MessagesProcessed, "conv1"));
        Assert.Equal(2, recorder.Sum(ActorTelemetry.Restarts, "conv1"));
        Assert.Equal(2, recorder.Sum(ActorTelemetry.Failures, "conv1", ("directive", "restart")));
        Assert.Equal(1, recorder.Sum(ActorTelemetry.MessagesRetried, "conv1"));
        Assert.Equal(1, recorder.Sum(ActorTelemetry.MessagesSkipped, "conv1"));
        Assert.Equal(1, recorder.Sum(ActorTelemetry.Stops, "conv1"));
        Assert.All(recorder.TagKeys, k => Assert.Contains(k, new[] { ActorTelemetry.ActorTag, ActorTelemetry.DirectiveTag }));
        await t.DisposeAsync();
    }

    [Fact]
    public async Task MailboxDepthGauge_ReportsQueuedMessages_AndGeneratedNamesAreTaggedByClass()
    {
        await using var t = new ActorTestSystem();
        using var recorder = new MeasurementRecorder(t.System.Meter);
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe));
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Tell(new Block(gate.Task));
        await probe.ExpectMsgAsync(new Blocked(1));
        for (int i = 0; i < 3; i++)
        {
            actor.Tell(new Echo(i));
        }

        recorder.Listener.RecordObservableInstruments();
        gate.SetResult();

        Assert.Equal(3, recorder.Last(ActorTelemetry.MailboxDepth, nameof(ScriptedActor)));
    }

    [Fact]
    public async Task DeadLetters_AreCounted()
    {
        await using var t = new ActorTestSystem();
        using var recorder = new MeasurementRecorder(t.System.Meter);
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(t.CreateProbe()), "gone");
        t.System.Stop(actor);
        await t.System.WhenTerminated(actor).WaitAsync(TestProbe.DefaultTimeout);

        actor.Tell(new Increment());
        await actor.TellAsync(new Increment());

        Assert.Equal(2, recorder.Sum(ActorTelemetry.MessagesDeadLettered, "gone"));
        Assert.Equal(2, t.System.DeadLetterCount);
    }

    /// <summary>Collects the measurements of one meter (one actor system), whatever else runs in parallel.</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly ConcurrentQueue<(string Name, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

        public MeasurementRecorder(Meter meter)
        {
            Listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (ReferenceEquals(instrument.Meter, meter))
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            Listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            Listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            Listener.Start();
        }

        public MeterListener Listener { get; }

        public IEnumerable<string> TagKeys => _measurements.SelectMany(m => m.Tags).Select(t => t.Key).Distinct();

        public long Sum(string name, string actor, params (string Key, string Value)[] extraTags) =>
            Matching(name, actor, extraTags).Sum(m => m.Value);

        public long Last(string name, string actor) => Matching(name, actor, []).Last().Value;

        public void Dispose() => Listener.Dispose();

        private IEnumerable<(string Name, long Value, KeyValuePair<string, object?>[] Tags)> Matching(string name, string actor, (string Key, string Value)[] extraTags) =>
            _measurements.Where(m => m.Name == name
                && m.Tags.Any(t => t.Key == ActorTelemetry.ActorTag && Equals(t.Value, actor))
                && extraTags.All(e => m.Tags.Any(t => t.Key == e.Key && Equals(t.Value, e.Value))));
    }
}
