using System.Diagnostics;
using SpikeSeg.Core.Encoding;

namespace SpikeSeg.Host.Bench;

/// <summary>
/// Passes steps to the engine and records each step's latency (network + segmentation) into a preallocated
/// array, so timing itself allocates nothing. A call covering several empty steps is spread evenly over them.
/// </summary>
public sealed class StepTimingSink(IStepSink inner, int capacity) : IStepSink
{
    private readonly long[] _ticks = new long[Math.Max(capacity, 1)];

    public int Recorded { get; private set; }

    /// <summary>Steps that ran after the array was full (timed in total, not per step).</summary>
    public long Overflow { get; private set; }

    public long Steps { get; private set; }

    public void OnStep(SparseStep step)
    {
        long start = Stopwatch.GetTimestamp();
        inner.OnStep(step);
        Record(Stopwatch.GetTimestamp() - start, 1);
    }

    public void OnEmptySteps(long firstStepIndex, long stepCount, long firstStartUs)
    {
        long start = Stopwatch.GetTimestamp();
        inner.OnEmptySteps(firstStepIndex, stepCount, firstStartUs);
        long elapsed = Stopwatch.GetTimestamp() - start;
        long each = elapsed / Math.Max(stepCount, 1);
        for (long k = 0; k < stepCount; k++)
        {
            Record(each, 1);
        }
    }

    /// <summary>Latency quantile <paramref name="q"/> (0..1) in µs over the recorded steps.</summary>
    public double QuantileUs(double q)
    {
        if (Recorded == 0)
        {
            return 0;
        }

        var sorted = _ticks.AsSpan(0, Recorded).ToArray();
        Array.Sort(sorted);
        int index = Math.Clamp((int)Math.Ceiling(q * Recorded) - 1, 0, Recorded - 1);
        return sorted[index] * 1e6 / Stopwatch.Frequency;
    }

    private void Record(long ticks, int steps)
    {
        Steps += steps;
        if (Recorded < _ticks.Length)
        {
            _ticks[Recorded++] = ticks;
        }
        else
        {
            Overflow += steps;
        }
    }
}
