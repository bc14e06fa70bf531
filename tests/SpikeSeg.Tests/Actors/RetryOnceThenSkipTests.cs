using SpikeSeg.Actors.Runtime;
using SpikeSeg.Tests.Actors.TestKit;

namespace SpikeSeg.Tests.Actors;

/// <summary>Design §5: the step in flight is retried once by the restarted instance, then skipped and counted.</summary>
public sealed class RetryOnceThenSkipTests
{
    private static readonly SupervisorStrategy RestartAlways = SupervisorStrategy.OneForOne(10, TimeSpan.FromMinutes(1), Directive.Restart);

    [Fact]
    public async Task TransientFailure_IsRetriedFirstByTheFreshInstance_BeforeLaterMessages()
    {
        await using var t = new ActorTestSystem(RestartAlways);
        var probe = t.CreateProbe();
        int attempts = 0;
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe, FlakyScript(probe, () => Interlocked.Increment(ref attempts)), retryFailedMessage: true), "layer");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));

        var step = new Step(7);
        actor.Tell(step);
        actor.Tell(new Echo("next step"));

        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreRestart, typeof(TestFailureException), step));
        await probe.ExpectMsgAsync(new RetryDecided(1, RetryDecision.Retried, 0));
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PostStop));
        await probe.ExpectMsgAsync(new HookCalled(2, HookKind.PostRestart, typeof(TestFailureException)));
        await probe.ExpectMsgAsync(new HookCalled(2, HookKind.PreStart));
        await probe.ExpectMsgAsync("step 7 done");
        await probe.ExpectMsgAsync(new Echoed(2, "next step"));
    }

    [Fact]
    public async Task PersistentFailure_IsRetriedOnce_ThenSkippedAndCounted_AndTheActorCarriesOn()
    {
        await using var t = new ActorTestSystem(RestartAlways);
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe, retryFailedMessage: true), "layer");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));

        var poison = new Throw(new TestFailureException("always"));
        actor.Tell(poison);
        actor.Tell(new Echo("next step"));

        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreRestart, typeof(TestFailureException), poison));
        await probe.ExpectMsgAsync(new RetryDecided(1, RetryDecision.Retried, 0));
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PostStop));
        await probe.ExpectMsgAsync(new HookCalled(2, HookKind.PostRestart, typeof(TestFailureException)));
        await probe.ExpectMsgAsync(new HookCalled(2, HookKind.PreStart));
        await probe.ExpectMsgAsync(new HookCalled(2, HookKind.PreRestart, typeof(TestFailureException), poison));
        await probe.ExpectMsgAsync(new RetryDecided(2, RetryDecision.Skipped, 1));
        await probe.ExpectMsgAsync(new HookCalled(2, HookKind.PostStop));
        await probe.ExpectMsgAsync(new HookCalled(3, HookKind.PostRestart, typeof(TestFailureException)));
        await probe.ExpectMsgAsync(new HookCalled(3, HookKind.PreStart));
        await probe.ExpectMsgAsync(new Echoed(3, "next step"));

        // A later, different failure gets its own retry: the skip does not poison the next message.
        var second = new Throw(new TestFailureException("again"));
        actor.Tell(second);
        await probe.ExpectMsgAsync(new HookCalled(3, HookKind.PreRestart, typeof(TestFailureException), second));
        await probe.ExpectMsgAsync(new RetryDecided(3, RetryDecision.Retried, 1));
    }

    [Fact]
    public async Task RetryAfterSuccess_Resets_SoTheNextFailureIsRetriedAgain()
    {
        await using var t = new ActorTestSystem(RestartAlways);
        var probe = t.CreateProbe();
        int attempts = 0;
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe, FlakyScript(probe, () => Interlocked.Increment(ref attempts) % 2), retryFailedMessage: true), "layer");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));

        actor.Tell(new Step(1));
        await probe.ExpectMsgAsync<HookCalled>(h => h.Kind == HookKind.PreRestart);
        await probe.ExpectMsgAsync<RetryDecided>(d => d.Decision == RetryDecision.Retried);
        await probe.ExpectMsgAsync<HookCalled>(h => h.Kind == HookKind.PostStop);
        await probe.ExpectMsgAsync<HookCalled>(h => h.Kind == HookKind.PostRestart);
        await probe.ExpectMsgAsync<HookCalled>(h => h.Kind == HookKind.PreStart);
        await probe.ExpectMsgAsync("step 1 done");

        actor.Tell(new Step(2));
        await probe.ExpectMsgAsync<HookCalled>(h => h.Kind == HookKind.PreRestart);
        await probe.ExpectMsgAsync(new RetryDecided(2, RetryDecision.Retried, 0));
    }

    [Fact]
    public async Task FailureOutsideAMessage_HasNothingToRetry()
    {
        await using var t = new ActorTestSystem(RestartAlways);
        var probe = t.CreateProbe();
        var parentProps = ScriptedActor.PropsFor(probe, SupervisionDirectiveTests.SpawnScript(t.CreateProbe("child")), retryFailedMessage: true)
            with { SupervisorStrategy = SupervisorStrategy.OneForOne(1, TimeSpan.FromMinutes(1), Directive.Escalate) };
        var parent = t.System.ActorOf(parentProps, "parent");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        parent.Tell(new SpawnChild("child"), probe);
        var child = await probe.ExpectMsgAsync<IActorRef>();

        child.Tell(new Throw(new TestFailureException("escalated")));

        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreRestart, typeof(TestFailureException), null));
        await probe.ExpectMsgAsync(new RetryDecided(1, RetryDecision.NothingToRetry, 0));
    }

    [Fact]
    public async Task RetryOnceThenSkip_OutsidePreRestart_IsRefused()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe, (context, message) =>
        {
            try
            {
                context.RetryOnceThenSkip();
                probe.Tell("allowed");
            }
            catch (InvalidOperationException)
            {
                probe.Tell("refused");
            }

            return ValueTask.CompletedTask;
        }), "worker");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));

        actor.Tell("try");

        await probe.ExpectMsgAsync("refused");
    }

    public sealed record Step(int Number);

    /// <summary>A step fails when <paramref name="attempt"/> returns 1 and succeeds otherwise.</summary>
    private static Func<IActorContext, object, ValueTask> FlakyScript(IActorRef report, Func<int> attempt) => (_, message) =>
    {
        if (message is Step step)
        {
            if (attempt() == 1)
            {
                throw new TestFailureException($"step {step.Number} failed");
            }

            report.Tell($"step {step.Number} done");
        }

        return ValueTask.CompletedTask;
    };
}
