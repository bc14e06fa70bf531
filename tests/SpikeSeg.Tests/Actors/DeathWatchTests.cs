using SpikeSeg.Actors.Runtime;
using SpikeSeg.Tests.Actors.TestKit;

namespace SpikeSeg.Tests.Actors;

public sealed class DeathWatchTests
{
    [Fact]
    public async Task Watcher_GetsTerminated_WhenTheActorStopsItself()
    {
        await using var t = new ActorTestSystem();
        var (watcher, watcherProbe, target, targetProbe) = await CreatePairAsync(t);
        watcher.Tell(new WatchIt(target));
        await watcherProbe.ExpectMsgAsync("watching");

        target.Tell(new StopSelf());

        await targetProbe.ExpectMsgAsync(new HookCalled(1, HookKind.PostStop));
        Assert.Equal(target.Path, (await watcherProbe.ExpectMsgAsync<SawTerminated>()).Path);
    }

    [Fact]
    public async Task Watching_AnActorThatAlreadyStopped_DeliversTerminatedAtOnce()
    {
        await using var t = new ActorTestSystem();
        var (watcher, watcherProbe, target, _) = await CreatePairAsync(t);
        t.System.Stop(target);
        await t.System.WhenTerminated(target).WaitAsync(TestProbe.DefaultTimeout);

        watcher.Tell(new WatchIt(target));

        await watcherProbe.ExpectMsgAsync("watching");
        Assert.Equal(target.Path, (await watcherProbe.ExpectMsgAsync<SawTerminated>()).Path);
    }

    [Fact]
    public async Task Unwatch_SuppressesTerminated()
    {
        await using var t = new ActorTestSystem();
        var (watcher, watcherProbe, target, targetProbe) = await CreatePairAsync(t);
        watcher.Tell(new WatchIt(target));
        watcher.Tell(new UnwatchIt(target));
        await watcherProbe.ExpectMsgAsync("watching");
        await watcherProbe.ExpectMsgAsync("unwatched");

        t.System.Stop(target);

        await targetProbe.ExpectMsgAsync(new HookCalled(1, HookKind.PostStop));
        await watcherProbe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public async Task StoppingAParent_StopsItsChildrenFirst_AndEveryWatcherIsTold()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var parent = t.System.ActorOf(ScriptedActor.PropsFor(probe, SupervisionDirectiveTests.SpawnScript(probe)), "parent");
        parent.Tell(new SpawnChild(null), probe);
        var child = await probe.FishForMsgAsync<IActorRef>(r => r.Path.StartsWith("/user/parent/$", StringComparison.Ordinal));
        var watcher = t.CreateProbe("watcher");
        watcher.Watch(parent);
        watcher.Watch(child);

        t.System.Stop(parent);

        await watcher.ExpectTerminatedAsync(child);
        await watcher.ExpectTerminatedAsync(parent);
    }

    [Fact]
    public async Task Watch_OfSomethingThatIsNotAnActor_IsRefused()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe, (context, message) =>
        {
            try
            {
                context.Watch((IActorRef)message);
                probe.Tell("watched");
            }
            catch (ArgumentException)
            {
                probe.Tell("refused");
            }

            return ValueTask.CompletedTask;
        }), "watcher");

        actor.Tell(t.CreateProbe("not an actor"));

        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        await probe.ExpectMsgAsync("refused");
    }

    public sealed record StopSelf;

    private static async Task<(IActorRef Watcher, TestProbe WatcherProbe, IActorRef Target, TestProbe TargetProbe)> CreatePairAsync(ActorTestSystem t)
    {
        var watcherProbe = t.CreateProbe("watcher");
        var targetProbe = t.CreateProbe("target");
        var watcher = t.System.ActorOf(ScriptedActor.PropsFor(watcherProbe, SupervisionDirectiveTests.WatchScript(watcherProbe)), "watcher");
        var target = t.System.ActorOf(ScriptedActor.PropsFor(targetProbe, (context, message) =>
        {
            if (message is StopSelf)
            {
                context.Stop(context.Self);
            }

            return ValueTask.CompletedTask;
        }), "target");
        await watcherProbe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        await targetProbe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        return (watcher, watcherProbe, target, targetProbe);
    }
}
