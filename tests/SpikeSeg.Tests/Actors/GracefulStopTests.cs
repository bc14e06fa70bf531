using SpikeSeg.Actors.Runtime;
using SpikeSeg.Tests.Actors.TestKit;

namespace SpikeSeg.Tests.Actors;

public sealed class GracefulStopTests
{
    [Fact]
    public async Task GracefulStop_HandlesEveryQueuedMessage_RefusesNewOnes_ThenPostStop()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe) with { MailboxCapacity = 16 }, "worker");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Tell(new Block(gate.Task));
        await probe.ExpectMsgAsync(new Blocked(1));
        for (int i = 0; i < 10; i++)
        {
            actor.Tell(new Echo(i));
        }

        Task<bool> stopping = t.System.GracefulStopAsync(actor, TimeSpan.FromMinutes(1));
        Assert.False(actor.TryTell(new Echo("after close")));
        actor.Tell(new Echo("after close"));
        Assert.False(stopping.IsCompleted);

        gate.SetResult();
        for (int i = 0; i < 10; i++)
        {
            await probe.ExpectMsgAsync(new Echoed(1, i));
        }

        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PostStop));
        Assert.True(await stopping);
        Assert.Equal(1, t.System.DeadLetterCount);
    }

    [Fact]
    public async Task GracefulStop_ThatOutlastsItsTimeout_ReturnsFalse_AndTheActorKeepsDraining()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe), "worker");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Tell(new Block(gate.Task));
        await probe.ExpectMsgAsync(new Blocked(1));
        actor.Tell(new Echo("still queued"));

        Task<bool> stopping = t.System.GracefulStopAsync(actor, TimeSpan.FromSeconds(5));
        t.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.False(await stopping);
        gate.SetResult();
        await probe.ExpectMsgAsync(new Echoed(1, "still queued"));
        Assert.True(await t.System.GracefulStopAsync(actor, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Shutdown_DrainsParentThenEachChildInCreationOrder_ParentStopsLast()
    {
        var t = new ActorTestSystem();
        var probe = t.CreateProbe("log");
        var replies = t.CreateProbe("replies");
        var parent = t.System.ActorOf(ScriptedActor.PropsFor(probe, SupervisionDirectiveTests.SpawnScript(probe)), "parent");
        parent.Tell(new SpawnChild("a"), replies);
        parent.Tell(new SpawnChild("b"), replies);
        var a = await replies.ExpectMsgAsync<IActorRef>();
        var b = await replies.ExpectMsgAsync<IActorRef>();
        var gates = new[] { parent, a, b }.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        parent.Tell(new Block(gates[0].Task));
        a.Tell(new Block(gates[1].Task));
        b.Tell(new Block(gates[2].Task));
        foreach (var (actor, label) in new[] { (parent, "p"), (a, "a"), (b, "b") })
        {
            actor.Tell(new Echo(label + "1"));
            actor.Tell(new Echo(label + "2"));
        }

        Task<bool> shutdown = t.System.ShutdownAsync(TimeSpan.FromMinutes(1));
        Assert.Throws<InvalidOperationException>(() => t.System.ActorOf(ScriptedActor.PropsFor(probe), "late"));
        foreach (var gate in gates)
        {
            gate.SetResult();
        }

        Assert.True(await shutdown.WaitAsync(TimeSpan.FromSeconds(10)));
        var log = await probe.ReceiveAllAsync(TimeSpan.FromMilliseconds(100));
        string[] events = log.Select(Describe).Where(e => e.Length > 0).ToArray();

        Assert.Equal(6, events.Count(e => e.Contains("echo", StringComparison.Ordinal)));
        int IndexOf(string e) => Array.IndexOf(events, e);
        Assert.True(IndexOf("a:echo a2") < IndexOf("a:stop"));
        Assert.True(IndexOf("b:echo b2") < IndexOf("b:stop"));
        Assert.True(IndexOf("parent:echo p2") < IndexOf("parent:stop"));
        Assert.True(IndexOf("a:stop") < IndexOf("b:stop"), string.Join(", ", events));
        Assert.True(IndexOf("b:stop") < IndexOf("parent:stop"), string.Join(", ", events));
        Assert.Equal(0, t.System.DeadLetterCount);
        await t.DisposeAsync();

        static string Describe((object Message, IActorRef Sender) m) => m.Message switch
        {
            Echoed e => $"{m.Sender.Name}:echo {e.Payload}",
            HookCalled { Kind: HookKind.PostStop } => $"{m.Sender.Name}:stop",
            _ => string.Empty,
        };
    }
}
