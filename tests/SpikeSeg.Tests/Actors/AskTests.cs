using SpikeSeg.Actors.Runtime;
using SpikeSeg.Tests.Actors.TestKit;

namespace SpikeSeg.Tests.Actors;

public sealed class AskTests
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Ask_ReturnsTheReply()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe), "worker");
        actor.Tell(new Increment());
        actor.Tell(new Increment());

        Assert.Equal(2, await actor.Ask<int>(new GetCount(), AskTimeout).WaitAsync(TestProbe.DefaultTimeout));
    }

    [Fact]
    public async Task Ask_WithoutReply_TimesOutOnTheSystemClock_AndALateReplyIsADeadLetter()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();

        Task<int> ask = probe.Ask<int>("question", AskTimeout);
        await probe.ExpectMsgAsync("question");
        t.Clock.Advance(AskTimeout - TimeSpan.FromTicks(1));
        Assert.False(ask.IsCompleted);
        t.Clock.Advance(TimeSpan.FromTicks(1));

        var timeout = await Assert.ThrowsAsync<AskTimeoutException>(() => ask.WaitAsync(TestProbe.DefaultTimeout));
        Assert.Contains(probe.Path, timeout.Message, StringComparison.Ordinal);
        probe.Reply(42);
        Assert.Equal(1, t.System.DeadLetterCount);
        Assert.Equal(0, t.Clock.ActiveTimerCount);
    }

    [Fact]
    public async Task Ask_ToAnActorThatIgnoresIt_TimesOut()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe), "worker");

        Task<int> ask = actor.Ask<int>("not understood", AskTimeout);
        t.Clock.Advance(AskTimeout);

        await Assert.ThrowsAsync<AskTimeoutException>(() => ask.WaitAsync(TestProbe.DefaultTimeout));
    }

    [Fact]
    public async Task Ask_ToAStoppedActor_FailsAtOnce_AndCountsADeadLetter()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe), "worker");
        t.System.Stop(actor);
        await t.System.WhenTerminated(actor).WaitAsync(TestProbe.DefaultTimeout);

        await Assert.ThrowsAsync<ActorStoppedException>(() => actor.Ask<int>(new GetCount(), AskTimeout).WaitAsync(TestProbe.DefaultTimeout));
        Assert.Equal(1, t.System.DeadLetterCount);
    }

    [Fact]
    public async Task Ask_WithAReplyOfAnotherType_FailsWithInvalidCast()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe), "worker");

        var wrongType = await Assert.ThrowsAsync<InvalidCastException>(() => actor.Ask<string>(new GetCount(), AskTimeout).WaitAsync(TestProbe.DefaultTimeout));
        Assert.Contains("Int32", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_RejectsANonPositiveTimeout()
    {
        await using var t = new ActorTestSystem();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(t.CreateProbe()), "worker");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => actor.Ask<int>(new GetCount(), TimeSpan.Zero));
    }
}
