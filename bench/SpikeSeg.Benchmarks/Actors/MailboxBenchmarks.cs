using BenchmarkDotNet.Attributes;
using SpikeSeg.Actors.Runtime;

namespace SpikeSeg.Benchmarks.Actors;

/* Last run: 2026-11-22, BenchmarkDotNet 0.14.0 ShortRun in-process, .NET 10, 2 vCPU shared with other builds (noisy).
| Method          | MailboxCapacity | Mean      | Allocated |
|---------------- |---------------- |----------:|----------:|
| TellAsync_Batch | 16              | 389.7 ns  |      17 B |   (per message)
| Ask_RoundTrip   | 16              | 11.5 us   |    1128 B |
| TellAsync_Batch | 1024            | 239.6 ns  |       4 B |   (per message)
| Ask_RoundTrip   | 1024            | 25.4 us   |    1128 B |
*/

/// <summary>
/// Cost of the actor runtime per message: a producer pushes a batch through a bounded mailbox into an
/// actor that only counts, and an ask round trip. Run with <c>--filter '*MailboxBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class MailboxBenchmarks
{
    private const int MessagesPerBatch = 10_000;

    private ActorSystem _system = null!;
    private IActorRef _counter = null!;
    private CountingActor.Shared _shared = null!;

    [Params(16, 1024)]
    public int MailboxCapacity { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _shared = new CountingActor.Shared();
        _counter = _system.ActorOf(Props.Create(() => new CountingActor(_shared)) with { MailboxCapacity = MailboxCapacity }, "counter");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.ShutdownAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = MessagesPerBatch)]
    public async Task TellAsync_Batch()
    {
        var done = _shared.Expect(MessagesPerBatch);
        var message = new object();
        for (int i = 0; i < MessagesPerBatch; i++)
        {
            await _counter.TellAsync(message);
        }

        await done;
    }

    [Benchmark]
    public Task<int> Ask_RoundTrip() => _counter.Ask<int>(CountingActor.Query, TimeSpan.FromSeconds(10));

    private sealed class CountingActor(CountingActor.Shared shared) : Actor
    {
        public static readonly object Query = new();

        protected override ValueTask ReceiveAsync(object message)
        {
            if (ReferenceEquals(message, Query))
            {
                Sender.Tell(shared.Count);
            }
            else
            {
                shared.Increment();
            }

            return ValueTask.CompletedTask;
        }

        /// <summary>Counts outside the instance so the benchmark can wait for a batch to arrive.</summary>
        public sealed class Shared
        {
            private int _remaining;
            private TaskCompletionSource? _done;

            public int Count { get; private set; }

            public Task Expect(int messages)
            {
                _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _remaining, messages);
                return _done.Task;
            }

            public void Increment()
            {
                Count++;
                if (Interlocked.Decrement(ref _remaining) == 0)
                {
                    _done!.TrySetResult();
                }
            }
        }
    }
}
