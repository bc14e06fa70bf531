using SpikeSeg.Actors.Runtime;
using SpikeSeg.Tests.Actors.TestKit;

namespace SpikeSeg.Tests.Actors;

/// <summary>One test per row of an explicit table, exercised through a live actor.</summary>
public sealed class SupervisionDirectiveTests
{
    private static readonly SupervisorStrategy Table =
        SupervisorStrategy.OneForOne(maxRestarts: 10, restartWindow: TimeSpan.FromMinutes(1), otherwise: Directive.Stop)
            .With<ResumeFailureException>(Directive.Resume)
            .With<RestartFailureException>(Directive.Restart)
            .With<StopFailureException>(Directive.Stop)
            .With<EscalateFailureException>(Directive.Escalate);

    [Fact]
    public async Task Resume_KeepsInstanceAndState_SkipsFailedMessage()
    {
        await using var t = new ActorTestSystem(Table);
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe), "worker");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));

        actor.Tell(new Increment());
        actor.Tell(new Increment());
        actor.Tell(new Throw(new ResumeFailureException()));
        actor.Tell(new Increment());
        actor.Tell(new GetCount(), probe);

        // A restart would have reported hooks before the count, and a fresh instance would count 1.
        Assert.Equal(3, await probe.ExpectMsgAsync<int>());
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Restart_CreatesFreshInstance_CallsHooksInOrder_KeepsMailbox()
    {
        await using var t = new ActorTestSystem(Table);
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe), "worker");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));

        var failing = new Throw(new RestartFailureException());
        actor.Tell(new Increment());
        actor.Tell(failing);
        actor.Tell(new Echo("queued behind the failure"));
        actor.Tell(new GetCount(), probe);

        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreRestart, typeof(RestartFailureException), failing));
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PostStop));
        await probe.ExpectMsgAsync(new HookCalled(2, HookKind.PostRestart, typeof(RestartFailureException)));
        await probe.ExpectMsgAsync(new HookCalled(2, HookKind.PreStart));
        await probe.ExpectMsgAsync(new Echoed(2, "queued behind the failure"));
        Assert.Equal(0, await probe.ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task Stop_TerminatesActor_WatchersGetTerminated_LaterMessagesAreDeadLetters()
    {
        await using var t = new ActorTestSystem(Table);
        var probe = t.CreateProbe();
        var watcherProbe = t.CreateProbe("watcher");
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe), "worker");
        var watcher = t.System.ActorOf(ScriptedActor.PropsFor(watcherProbe, WatchScript(watcherProbe)), "watcher");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        await watcherProbe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        watcher.Tell(new WatchIt(actor));
        await watcherProbe.ExpectMsgAsync("watching");
        probe.Watch(actor);

        actor.Tell(new Throw(new StopFailureException()));

        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PostStop));
        await probe.ExpectTerminatedAsync(actor);
        Assert.Equal(actor.Path, (await watcherProbe.ExpectMsgAsync<SawTerminated>()).Path);
        await t.System.WhenTerminated(actor);
        Assert.False(actor.TryTell(new Increment()));
        actor.Tell(new Increment());
        Assert.Equal(1, t.System.DeadLetterCount);
    }

    [Fact]
    public async Task Escalate_ReachesTheParentsSupervisor_WhichRestartsTheParent()
    {
        // The guardian's table restarts on EscalateFailureException; the parent's own table escalates it.
        var guardianTable = SupervisorStrategy.OneForOne(10, TimeSpan.FromMinutes(1), Directive.Stop)
            .With<EscalateFailureException>(Directive.Restart);
        await using var t = new ActorTestSystem(guardianTable);
        var parentProbe = t.CreateProbe("parent");
        var childProbe = t.CreateProbe("child");
        var parentProps = ScriptedActor.PropsFor(parentProbe, SpawnScript(childProbe)) with { SupervisorStrategy = Table };
        var parent = t.System.ActorOf(parentProps, "parent");
        await parentProbe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        parent.Tell(new SpawnChild("child"), parentProbe);
        var child = await parentProbe.ExpectMsgAsync<IActorRef>();
        Assert.Equal("/user/parent/child", child.Path);
        await childProbe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));

        child.Tell(new Throw(new EscalateFailureException()));

        await parentProbe.ExpectMsgAsync(new HookCalled(1, HookKind.PreRestart, typeof(EscalateFailureException), null));
        await parentProbe.ExpectMsgAsync(new HookCalled(1, HookKind.PostStop));
        await parentProbe.ExpectMsgAsync(new HookCalled(2, HookKind.PostRestart, typeof(EscalateFailureException)));
        await parentProbe.ExpectMsgAsync(new HookCalled(2, HookKind.PreStart));

        // The parent's restart stops its children rather than restarting them.
        await childProbe.ExpectMsgAsync(new HookCalled(1, HookKind.PostStop));
        await t.System.WhenTerminated(child);
        Assert.Empty(t.UnhandledFailures);
    }

    [Fact]
    public async Task Escalate_PastTheGuardian_StopsTheActorAndReportsTheFailure()
    {
        await using var t = new ActorTestSystem(Table);
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe), "worker");
        probe.Watch(actor);
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));

        actor.Tell(new Throw(new EscalateFailureException()));

        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PostStop));
        await probe.ExpectTerminatedAsync(actor);

        // The guardian reports the failure on its own loop, which may run just after the watcher saw Terminated.
        var reportedBy = DateTime.UtcNow.AddSeconds(10);
        while (t.UnhandledFailures.Count == 0 && DateTime.UtcNow < reportedBy)
        {
            await Task.Delay(5);
        }

        var (reported, failure) = Assert.Single(t.UnhandledFailures);
        Assert.Same(actor, reported);
        Assert.IsType<EscalateFailureException>(failure);
    }

    [Fact]
    public async Task FailingConstructor_IsAnInitializationFailure_DefaultStrategyStopsTheActor()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(Props.Create<ScriptedActor>(() => throw new TestFailureException("no weights")), "broken");
        probe.Watch(actor);

        await probe.ExpectTerminatedAsync(actor);
        Assert.Equal(Directive.Stop, SupervisorStrategy.Default.Decide(new ActorInitializationException("x", new TestFailureException("y"))));
    }

    [Fact]
    public async Task FailingPreStart_UnderRestart_IsRetriedWithAFreshInstance()
    {
        int attempts = 0;
        await using var t = new ActorTestSystem(SupervisorStrategy.OneForOne(5, TimeSpan.FromMinutes(1), Directive.Restart));
        var reporter = t.CreateProbe();
        var actor = t.System.ActorOf(Props.Create(() => new FailsToStartOnce(reporter, Interlocked.Increment(ref attempts))), "starter");

        Assert.Equal("started 2", await reporter.ExpectMsgAsync<string>());
        actor.Tell("ping", reporter);
        Assert.Equal("pong 2", await reporter.ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task FactoryThatReturnsTheFailedInstance_IsRefused_AndTheBudgetEndsTheLoop()
    {
        await using var t = new ActorTestSystem(SupervisorStrategy.OneForOne(1, TimeSpan.FromMinutes(1), Directive.Restart));
        var probe = t.CreateProbe();
        var single = new ScriptedActor(1, probe, null, false);
        var actor = t.System.ActorOf(Props.Create(() => single), "reused");
        probe.Watch(actor);
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));

        actor.Tell(new Throw(new TestFailureException("first")));

        await probe.FishForMsgAsync<Terminated>(m => ReferenceEquals(m.Actor, actor));
        var (_, failure) = Assert.Single(t.UnhandledFailures);
        Assert.IsType<ActorInitializationException>(failure);
        Assert.Contains("must create a new one", failure.Message, StringComparison.Ordinal);
    }

    internal static Func<IActorContext, object, ValueTask> WatchScript(IActorRef report) => (context, message) =>
    {
        switch (message)
        {
            case WatchIt w:
                context.Watch(w.Actor);
                report.Tell("watching");
                break;
            case UnwatchIt u:
                context.Unwatch(u.Actor);
                report.Tell("unwatched");
                break;
            case Terminated terminated:
                report.Tell(new SawTerminated(terminated.Actor.Path));
                break;
        }

        return ValueTask.CompletedTask;
    };

    internal static Func<IActorContext, object, ValueTask> SpawnScript(IActorRef childReport) => (context, message) =>
    {
        if (message is SpawnChild spawn)
        {
            context.Sender.Tell(context.Spawn(ScriptedActor.PropsFor(childReport), spawn.Name), context.Self);
        }

        return ValueTask.CompletedTask;
    };

    private sealed class FailsToStartOnce(IActorRef report, int attempt) : Actor
    {
        protected internal override void PreStart()
        {
            if (attempt == 1)
            {
                throw new TestFailureException("first start fails");
            }

            report.Tell($"started {attempt}");
        }

        protected internal override ValueTask ReceiveAsync(object message)
        {
            Sender.Tell($"pong {attempt}");
            return ValueTask.CompletedTask;
        }
    }
}

public sealed record WatchIt(IActorRef Actor);

public sealed record UnwatchIt(IActorRef Actor);

public sealed record SawTerminated(string Path);

public sealed record SpawnChild(string? Name);
