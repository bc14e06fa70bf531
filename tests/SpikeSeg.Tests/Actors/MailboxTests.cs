using SpikeSeg.Actors.Runtime;
using SpikeSeg.Tests.Actors.TestKit;

namespace SpikeSeg.Tests.Actors;

public sealed class MailboxTests
{
    [Fact]
    public async Task FullMailbox_TryTellReportsFull_TellThrows_TellAsyncWaitsForSpace()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe) with { MailboxCapacity = 2 }, "narrow");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Tell(new Block(gate.Task));
        await probe.ExpectMsgAsync(new Blocked(1));

        Assert.True(actor.TryTell(new Echo(1)));
        Assert.True(actor.TryTell(new Echo(2)));
        Assert.False(actor.TryTell(new Echo("refused")));
        Assert.Throws<MailboxFullException>(() => actor.Tell(new Echo("refused")));
        ValueTask waiting = actor.TellAsync(new Echo(3));
        Assert.False(waiting.IsCompleted);

        gate.SetResult();
        await waiting;
        await probe.ExpectMsgAsync(new Echoed(1, 1));
        await probe.ExpectMsgAsync(new Echoed(1, 2));
        await probe.ExpectMsgAsync(new Echoed(1, 3));
        Assert.Equal(0, t.System.DeadLetterCount);
    }

    [Fact]
    public async Task TellAsync_WaitingForSpace_CanBeCancelled_AndNothingIsEnqueued()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe) with { MailboxCapacity = 1 }, "narrow");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        actor.Tell(new Block(gate.Task));
        await probe.ExpectMsgAsync(new Blocked(1));
        actor.Tell(new Echo("fills the mailbox"));

        using var cancel = new CancellationTokenSource();
        ValueTask waiting = actor.TellAsync(new Echo("cancelled"), cancellationToken: cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);

        gate.SetResult();
        await probe.ExpectMsgAsync(new Echoed(1, "fills the mailbox"));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task ManyProducers_DepthNeverExceedsCapacity_EveryMessageArrives_OnePerSenderInOrder_OneAtATime()
    {
        const int Producers = 4;
        const int PerProducer = 500;
        const int Capacity = 4;
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var checker = t.System.ActorOf(Props.Create(() => new SequenceChecker(Producers)) with { MailboxCapacity = Capacity }, "checker");

        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (int seq = 0; seq < PerProducer; seq++)
            {
                await checker.TellAsync(new Numbered(p, seq));
            }
        }));
        await Task.WhenAll(producers);
        await checker.TellAsync(new GetReport(), probe);

        var report = await probe.ExpectMsgAsync<SequenceReport>();
        Assert.Equal(Producers * PerProducer, report.Received);
        Assert.Equal(0, report.OutOfOrder);
        Assert.Equal(0, report.Overlapping);
        Assert.InRange(report.MaxDepthSeen, 0, Capacity);
        Assert.Equal(Enumerable.Repeat(PerProducer - 1, Producers), report.LastSeqPerProducer);
    }

    [Fact]
    public async Task Stop_OvertakesAFullMailbox_QueuedMessagesBecomeDeadLetters()
    {
        await using var t = new ActorTestSystem();
        var probe = t.CreateProbe();
        var actor = t.System.ActorOf(ScriptedActor.PropsFor(probe) with { MailboxCapacity = 1 }, "narrow");
        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PreStart));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Tell(new Block(gate.Task));
        await probe.ExpectMsgAsync(new Blocked(1));
        actor.Tell(new Echo("queued"));
        Assert.False(actor.TryTell(new Echo("refused")));
        probe.Watch(actor);

        // Stop travels as a system message, so the full mailbox does not hold it up.
        t.System.Stop(actor);
        gate.SetResult();

        await probe.ExpectMsgAsync(new HookCalled(1, HookKind.PostStop));
        await probe.ExpectTerminatedAsync(actor);
        Assert.Equal(1, t.System.DeadLetterCount);
    }

    public sealed record Numbered(int Producer, int Seq);

    public sealed record GetReport;

    public sealed record SequenceReport(int Received, int OutOfOrder, int Overlapping, int MaxDepthSeen, int[] LastSeqPerProducer);

    /// <summary>Checks per-producer order, that no two messages overlap, and the mailbox depth it sees.</summary>
    private sealed class SequenceChecker(int producers) : Actor
    {
        private readonly int[] _lastSeq = Enumerable.Repeat(-1, producers).ToArray();
        private int _inFlight;
        private int _received;
        private int _outOfOrder;
        private int _overlapping;
        private int _maxDepth;

        protected internal override async ValueTask ReceiveAsync(object message)
        {
            if (Interlocked.Increment(ref _inFlight) != 1)
            {
                _overlapping++;
            }

            _maxDepth = Math.Max(_maxDepth, Context.MailboxDepth);
            switch (message)
            {
                case Numbered n:
                    _received++;
                    if (n.Seq != _lastSeq[n.Producer] + 1)
                    {
                        _outOfOrder++;
                    }

                    _lastSeq[n.Producer] = n.Seq;

                    // Give another message the chance to start now if the runtime allowed overlap.
                    await Task.Yield();
                    break;
                case GetReport:
                    Sender.Tell(new SequenceReport(_received, _outOfOrder, _overlapping, _maxDepth, _lastSeq.ToArray()));
                    break;
            }

            Interlocked.Decrement(ref _inFlight);
        }
    }
}
