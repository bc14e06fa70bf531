using System.Diagnostics;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Engine;

namespace SpikeSeg.Host.Bench;

/// <summary>
/// Runs <c>threads</c> independent streams at once, <c>repeat</c> times, and takes medians; or, with
/// <c>pipeline</c>, one stream through the actor pipeline on a thread pool of at most <c>threads</c> workers.
/// </summary>
public static class BenchRunner
{
    public static BenchFigures Measure(NetworkSpec spec, EngineOptions options, BenchInput input, int threads, int repeat, bool pipeline = false, TimeSpan? warmUp = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var warmUpTime = warmUp ?? DefaultWarmUp;
        if (!pipeline)
        {
            StreamFigures[] Streams() => RunOnce(spec, options, input, threads);
            return Repeat(Streams, Streams, input, repeat, warmUpTime);
        }

        ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
        ThreadPool.GetMaxThreads(out int maxWorkers, out int maxIo);
        if (!ThreadPool.SetMaxThreads(threads, maxIo) || !ThreadPool.SetMinThreads(threads, minIo))
        {
            throw new InvalidOperationException($"bench: the thread pool refused a limit of {threads} worker threads");
        }

        try
        {
            StreamFigures[] OneStream() => [PipelineRun.Run(spec, options, input)];
            return Repeat(OneStream, OneStream, input, repeat, warmUpTime);
        }
        finally
        {
            ThreadPool.SetMaxThreads(maxWorkers, maxIo);
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }
    }

    /// <summary>Untimed <paramref name="warmUpPass"/>es (see <see cref="WarmUp"/>), then <paramref name="repeat"/> timed runs; their medians.</summary>
    private static BenchFigures Repeat(Func<StreamFigures[]> warmUpPass, Func<StreamFigures[]> timedRun, BenchInput input, int repeat, TimeSpan warmUpTime)
    {
        WarmUp(() => AfterCollecting(warmUpPass), warmUpTime);
        var runs = new List<BenchFigures>(repeat);
        for (int r = 0; r < repeat; r++)
        {
            runs.Add(BenchFigures.FromStreams(AfterCollecting(timedRun), input.DurationUs, PeakRssMb()));
        }

        return BenchFigures.Median(runs);
    }

    /// <summary>
    /// Every pass builds new engines (a sda-gen4 engine holds about 115 MB of layer state in large arrays, which
    /// only a full collection frees); collecting the last pass's before building the next keeps the peak resident
    /// set at what one run needs, as in a service that builds its engines once.
    /// </summary>
    private static StreamFigures[] AfterCollecting(Func<StreamFigures[]> pass)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return pass();
    }

    /// <summary>Least wall time of untimed passes before the timed runs (<c>--warmup-s</c>).</summary>
    public static readonly TimeSpan DefaultWarmUp = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Untimed passes until <paramref name="time"/> has gone by and the last pass made the JIT compile nothing
    /// (at least one pass, at most 50), so the timed runs see the code a long-running service settles on. Tiered
    /// compilation promotes a method only after a delay and a call count: one pass of a short input (100 steps at
    /// 100 ms take tens of ms) left conv1 in unoptimised code for some runs and not others (its stage time varied
    /// 0.018–0.100 s between runs of the same binary). With two streams on two cores, a JIT still compiling
    /// during the timed runs took 7 % of the CPU time away from them (measured with <c>perf</c>), so the passes
    /// use the timed runs' own number of streams and go on while the JIT is busy.
    /// </summary>
    private static void WarmUp(Action pass, TimeSpan time)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 50; i++)
        {
            long compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
            pass();
            bool jitIdle = System.Runtime.JitInfo.GetCompiledMethodCount() == compiledBefore;
            if (time <= TimeSpan.Zero || (clock.Elapsed >= time && jitIdle))
            {
                return;
            }
        }
    }

    /// <summary>Peak resident set of the whole process (VmHWM on Linux), including the in-memory input.</summary>
    public static double PeakRssMb()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024.0 * 1024.0);
    }

    private static StreamFigures[] RunOnce(NetworkSpec spec, EngineOptions options, BenchInput input, int threads)
    {
        var results = new StreamFigures[threads];
        var failures = new Exception?[threads];
        var workers = new Thread[threads];
        using var go = new ManualResetEventSlim(false);
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            var run = StreamRun.Prepare(spec, options with { StreamName = $"bench-{index}" }, input);
            workers[t] = new Thread(() =>
            {
                go.Wait();
                try
                {
                    results[index] = run();
                }
#pragma warning disable CA1031 // rethrown on the calling thread below
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failures[index] = ex;
                }
            })
            { IsBackground = true, Name = $"bench-stream-{index}" };
            workers[t].Start();
        }

        // The engines' construction garbage goes now, not in the middle of a timed run.
        GC.Collect();
        go.Set();
        foreach (var w in workers)
        {
            w.Join();
        }

        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return results;
    }
}
