using System.Threading.Channels;
using SpikeSeg.Actors.Runtime;

namespace SpikeSeg.Tests.Actors.TestKit;

/// <summary>
/// An <see cref="IActorRef"/> that records every message told to it, for tests to expect in order.
/// Expectations wait on the wall clock with a bounded timeout, whatever clock the actor system uses.
/// </summary>
public sealed class TestProbe : IActorRef
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly ActorSystem _system;
    private readonly Channel<(object Message, IActorRef Sender)> _received = Channel.CreateUnbounded<(object, IActorRef)>();

    public TestProbe(ActorSystem system, string name = "probe")
    {
        _system = system;
        Name = name;
        Path = "/probe/" + name;
    }

    public string Path { get; }

    public string Name { get; }

    /// <summary>Sender of the message most recently taken by an expectation.</summary>
    public IActorRef? LastSender { get; private set; }

    public bool TryTell(object message, IActorRef? sender = null) =>
        _received.Writer.TryWrite((message, sender ?? _system.DeadLetters));

    public void Tell(object message, IActorRef? sender = null) => TryTell(message, sender);

    public ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        TryTell(message, sender);
        return ValueTask.CompletedTask;
    }

    /// <summary>Records the message with a reply address; <see cref="Reply"/> answers it.</summary>
    public Task<T> Ask<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _system.AskAsync<T>(this, (envelope, _) => ValueTask.FromResult(TryTell(envelope.Message, envelope.Sender)), message, timeout, cancellationToken);

    /// <summary>Answers the message most recently taken.</summary>
    public void Reply(object message) =>
        (LastSender ?? throw new InvalidOperationException("no message has been taken yet")).Tell(message, this);

    /// <summary>The next message, which must be a <typeparamref name="T"/> satisfying <paramref name="predicate"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null)
    {
        object message = await NextAsync(timeout ?? DefaultTimeout, typeof(T).Name).ConfigureAwait(false);
        if (message is not T typed)
        {
            Assert.Fail($"{Path} expected a {typeof(T).Name} but received {Describe(message)}");
            throw new InvalidOperationException("unreachable");
        }

        if (predicate is not null && !predicate(typed))
        {
            Assert.Fail($"{Path} received {Describe(message)}, which does not satisfy the expectation");
        }

        return typed;
    }

    /// <summary>The next message, which must equal <paramref name="expected"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null)
        where T : notnull
    {
        T message = await ExpectMsgAsync<T>(predicate: null, timeout).ConfigureAwait(false);
        Assert.Equal(expected, message);
        return message;
    }

    /// <summary>Skips messages until a <typeparamref name="T"/> satisfying <paramref name="predicate"/> arrives.</summary>
    public async Task<T> FishForMsgAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? DefaultTimeout;
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                (object message, IActorRef sender) = await _received.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
                if (message is T typed && (predicate is null || predicate(typed)))
                {
                    LastSender = sender;
                    return typed;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"{Path} expected a matching {typeof(T).Name} within {limit} but none arrived");
            throw;
        }
    }

    /// <summary>Passes if nothing arrives within <paramref name="duration"/> (wall clock).</summary>
    public async Task ExpectNoMsgAsync(TimeSpan duration)
    {
        using var window = new CancellationTokenSource(duration);
        try
        {
            (object message, _) = await _received.Reader.ReadAsync(window.Token).ConfigureAwait(false);
            Assert.Fail($"{Path} expected no message for {duration} but received {Describe(message)}");
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested)
        {
        }
    }

    /// <summary>Takes messages until none arrives for <paramref name="idle"/> (wall clock).</summary>
    public async Task<IReadOnlyList<(object Message, IActorRef Sender)>> ReceiveAllAsync(TimeSpan idle)
    {
        var taken = new List<(object, IActorRef)>();
        while (true)
        {
            using var window = new CancellationTokenSource(idle);
            try
            {
                taken.Add(await _received.Reader.ReadAsync(window.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested)
            {
                return taken;
            }
        }
    }

    /// <summary>Asks to be told <see cref="Terminated"/> when <paramref name="actor"/> stops.</summary>
    public void Watch(IActorRef actor) => _system.WatchFromOutside(this, actor);

    public Task<Terminated> ExpectTerminatedAsync(IActorRef actor, TimeSpan? timeout = null) =>
        ExpectMsgAsync<Terminated>(t => ReferenceEquals(t.Actor, actor), timeout);

    /// <summary>Messages received and not yet taken.</summary>
    public int PendingCount => _received.Reader.Count;

    public override string ToString() => Path;

    private async Task<object> NextAsync(TimeSpan timeout, string expected)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            (object message, IActorRef sender) = await _received.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
            LastSender = sender;
            return message;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"{Path} expected a {expected} within {timeout} but received nothing");
            throw;
        }
    }

    private static string Describe(object message) => $"{message.GetType().Name} ({message})";
}
