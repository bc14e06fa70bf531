using SpikeSeg.Actors.Runtime;
using SpikeSeg.Tests.Actors.TestKit;

namespace SpikeSeg.Tests.Actors;

public sealed class RestartBudgetTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private static SupervisorStrategy TwoRestartsPerWindow => SupervisorStrategy.OneForOne(maxRestarts: 2, Window, Directive.Restart);

    [Fact]
    public void Budget_AllowsN_ThenRefuses_UntilTheWindowHasPassed()
    {
        var clock = new FakeTimeProvider();
        var budget = new RestartBudget(maxRestarts: 3, Window);

        Assert.True(budget.TryConsume(clock));
        Assert.True(budget.TryConsume(clock));
        Assert.True(budget.TryConsume(clock));
        Assert.False(budget.TryConsume(clock));

        clock.Advance(Window - TimeSpan.FromTicks(1));
        Assert.False(budget.TryConsume(clock));

        clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(budget.TryConsume(clock));
    }

    [Fact]
    public void Budget_OfZero_NeverAllowsARestart()
    {
        var budget = new RestartBudget(maxRestarts: 0, Window);
        Assert.False(budget.TryConsume(new FakeTimeProvider()));
    }

    [Fact]
    public async Task Actor_RestartedNTimesWithinT_EscalatesOnTheNextFailure()
    {
        await using var t = new ActorTestSystem(TwoRestartsPerWindow);
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe), "worker");
        probe.Watch(actor);
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));

        await FailAndExpectRestartAsync(actor, probe, incarnation: 1);
        await FailAndExpectRestartAsync(actor, probe, incarnation: 2);
        actor.Tell(new Throw(new TestFailureException("third")));

        // Escalated past the guardian: stopped, not restarted, and reported.
        await probe.ExpectMsgAsync(new HookCalled(3, HookKind.PostStop));
        await probe.ExpectTerminatedAsync(actor);
        Assert.Equal("third", Assert.Single(t.UnhandledFailures).Failure.Message);
    }

    [Fact]
    public async Task Actor_BudgetSlides_RestartsOlderThanTNoLongerCount()
    {
        await using var t = new ActorTestSystem(TwoRestartsPerWindow);
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe), "worker");
        probe.Watch(actor);
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));

        await FailAndExpectRestartAsync(actor, probe, incarnation: 1); // t = 0
        t.Clock.Advance(TimeSpan.FromSeconds(6));
        await FailAndExpectRestartAsync(actor, probe, incarnation: 2); // t = 6
        t.Clock.Advance(TimeSpan.FromSeconds(6));
        await FailAndExpectRestartAsync(actor, probe, incarnation: 3); // t = 12: the restart at 0 has left the window

        actor.Tell(new Throw(new TestFailureException("two in the window already")));
        await probe.ExpectMsgAsync(new HookCalled(4, HookKind.PostStop));
        await probe.ExpectTerminatedAsync(actor);
        Assert.Single(t.UnhandledFailures);
    }

    [Fact]
    public async Task Actor_AfterTPasses_TheFullBudgetIsAvailableAgain()
    {
        await using var t = new ActorTestSystem(TwoRestartsPerWindow);
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe), "worker");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));

        await FailAndExpectRestartAsync(actor, probe, incarnation: 1);
        await FailAndExpectRestartAsync(actor, probe, incarnation: 2);
        t.Clock.Advance(Window);
        await FailAndExpectRestartAsync(actor, probe, incarnation: 3);
        await FailAndExpectRestartAsync(actor, probe, incarnation: 4);

        Assert.Empty(t.UnhandledFailures);
    }

    private static async Task FailAndExpectRestartAsync(IActorRef actor, TestProbe probe, int incarnation)
    {
        var failing = new Throw(new TestFailureException($"failure of incarnation {incarnation}"));
        actor.Tell(failing);
        await probe.ExpectMsgAsync(new HookCalled(incarnation, HookKind.PreRestart, typeof(TestFailureException), failing));
        await probe.ExpectMsgAsync(new HookCalled(incarnation, HookKind.PostStop));
        await probe.ExpectMsgAsync(new HookCalled(incarnation + 1, HookKind.PostRestart, typeof(TestFailureException)));
        await probe.ExpectMsgAsync(new HookCalled(incarnation + 1, HookKind.PreStart));
    }
}
