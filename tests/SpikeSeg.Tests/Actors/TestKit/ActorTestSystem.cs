using SpikeSeg.Actors.Runtime;

namespace SpikeSeg.Tests.Actors.TestKit;

/// <summary>
/// An actor system on a <see cref="FakeTimeProvider"/>, with failures nobody supervises collected for
/// assertions. Disposal shuts the system down and fails the test if that does not finish within a
/// bounded wall-clock time (a stuck actor must fail a test, not hang the run).
/// </summary>
public sealed class ActorTestSystem : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(10);
    private readonly List<(IActorRef Actor, Exception Failure)> _unhandled = [];

    public ActorTestSystem(SupervisorStrategy? guardianStrategy = null, string name = "test")
    {
        Clock = new FakeTimeProvider();
        System = ActorSystem.Create(name, new ActorSystemOptions
        {
            TimeProvider = Clock,
            GuardianStrategy = guardianStrategy ?? SupervisorStrategy.Default,
            OnUnhandledFailure = (actor, failure) =>
            {
                lock (_unhandled)
                {
                    _unhandled.Add((actor, failure));
                }
            },
        });
    }

    public FakeTimeProvider Clock { get; }

    public ActorSystem System { get; }

    public IReadOnlyList<(IActorRef Actor, Exception Failure)> UnhandledFailures
    {
        get
        {
            lock (_unhandled)
            {
                return _unhandled.ToArray();
            }
        }
    }

    public TestProbe CreateProbe(string name = "probe") => new(System, name);

    public async ValueTask DisposeAsync()
    {
        // The system clock is fake, so the shutdown's own timeout never fires; bound it on the wall clock here.
        bool drained = await System.ShutdownAsync(TimeSpan.FromDays(1)).WaitAsync(ShutdownBound);
        Assert.True(drained, "the actor system did not drain on shutdown");
    }
}
