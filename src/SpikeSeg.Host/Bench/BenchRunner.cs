using System.Diagnostics;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Engine;

namespace SpikeSeg.Host.Bench;

/// <summary>Runs <c>threads</c> independent streams at once, <c>repeat</c> times, and takes medians.</summary>
public static class BenchRunner
{
    public static BenchFigures Measure(NetworkSpec spec, EngineOptions options, BenchInput input, int threads, int repeat)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runs = new List<BenchFigures>(repeat);

        // One untimed pass first, so the timed runs see tiered-up code rather than the JIT at work.
        RunOnce(spec, options, input, 1);
        for (int r = 0; r < repeat; r++)
        {
            var streams = RunOnce(spec, options, input, threads);
            runs.Add(BenchFigures.FromStreams(streams, input.DurationUs, PeakRssMb()));
        }

        return BenchFigures.Median(runs);
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
            var streamOptions = options with { StreamName = $"bench-{index}" };
            workers[t] = new Thread(() =>
            {
                go.Wait();
                try
                {
                    results[index] = StreamRun.Run(spec, streamOptions, input);
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
