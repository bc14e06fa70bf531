using SpikeSeg.Actors.Runtime;
using SpikeSeg.Tests.Actors.TestKit;

namespace SpikeSeg.Tests.Actors;

public sealed class ActorContextTests
{
    public sealed record DescribeFamily;

    public sealed record Family(string Self, string Parent, string[] Children);

    [Fact]
    public async Task Context_KnowsItsParentAndChildrenInCreationOrder()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var parent = t.System.ActorOf(ScriptedActor.PropsFor(probe, FamilyScript(probe)), "network");
        parent.Tell(new SpawnChild("conv1"), probe);
        parent.Tell(new SpawnChild("conv2"), probe);
        parent.Tell(new SpawnChild(null), probe);
        var conv1 = await probe.FishForMsgAsync<IActorRef>();
        await probe.FishForMsgAsync<IActorRef>();
        var generated = await probe.FishForMsgAsync<IActorRef>();

        parent.Tell(new DescribeFamily(), probe);
        var ofParent = await probe.FishForMsgAsync<Family>();
        conv1.Tell(new DescribeFamily(), probe);

        Assert.Equal(new[] { "/user/network/conv1", "/user/network/conv2", generated.Path }, ofParent.Children);
        Assert.Equal("/user", ofParent.Parent);
        Assert.Matches(@"^/user/network/\$\d+$", generated.Path);
        var ofChild = await probe.FishForMsgAsync<Family>();
        Assert.Equal(("/user/network/conv1", "/user/network"), (ofChild.Self, ofChild.Parent));
        Assert.Empty(ofChild.Children);
    }

    [Fact]
    public async Task Spawn_RefusesDuplicateAndMalformedNames()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        t.System.ActorOf(ScriptedActor.PropsFor(probe), "conv1");

        Assert.Throws<InvalidOperationException>(() => t.System.ActorOf(ScriptedActor.PropsFor(probe), "conv1"));
        Assert.Throws<ArgumentException>(() => t.System.ActorOf(ScriptedActor.PropsFor(probe), "a/b"));
        Assert.Throws<ArgumentException>(() => t.System.ActorOf(ScriptedActor.PropsFor(probe), "$1"));
        Assert.Throws<ArgumentException>(() => t.System.ActorOf(ScriptedActor.PropsFor(probe), " "));
    }

    [Fact]
    public async Task Sender_IsDeadLetters_WhenAMessageHasNone_AndRepliesToItAreCounted()
    {
        await using var t = new ActorTestSystem();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(t.CreateProbe()), "worker");

        actor.Tell(new GetCount());

        await t.System.GracefulStopAsync(actor, TimeSpan.FromMinutes(1)).WaitAsync(TestProbe.DefaultTimeout);
        Assert.Equal(1, t.System.DeadLetterCount);
    }

    [Fact]
    public async Task Stop_OfAnActorThatIsNeitherSelfNorChild_IsRefused()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var stranger = t.System.ActorOf(ScriptedActor.PropsFor(probe), "stranger");
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe, (context, message) =>
        {
            try
            {
                context.Stop((IActorRef)message);
                probe.Tell("stopped it");
            }
            catch (InvalidOperationException)
            {
                probe.Tell("refused");
            }

            return ValueTask.CompletedTask;
        }), "meddler");

        actor.Tell(stranger);

        await probe.FishForMsgAsync<string>(s => s == "refused");
    }

    /// <summary>Answers <see cref="DescribeFamily"/> and spawns children that do the same.</summary>
    private static Func<IActorContext, object, ValueTask> FamilyScript(IActorRef report) => (context, message) =>
    {
        switch (message)
        {
            case DescribeFamily:
                context.Sender.Tell(new Family(context.Self.Path, context.Parent.Path, context.Children.Select(c => c.Path).ToArray()));
                break;
            case SpawnChild spawn:
                context.Sender.Tell(context.Spawn(ScriptedActor.PropsFor(report, FamilyScript(report)), spawn.Name));
                break;
        }

        return ValueTask.CompletedTask;
    };
}
