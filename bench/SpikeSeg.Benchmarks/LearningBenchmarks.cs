using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Benchmarks;

/// <summary>
/// STDP receptive-field update (multiplicative rule) scalar vs <c>Vector&lt;float&gt;</c>, and the convergence
/// metric C = mean(w(1−w)). Lengths: 100 = conv2 of igarss2023 (4·5²), 1764 = conv3 (36·7²), 65536 a large layer.
/// Run: <c>dotnet run -c Release --project bench/SpikeSeg.Benchmarks -- --filter '*LearningBenchmarks*'</c>.
///
/// Results: one ShortRun (InProcessEmit, 3 iterations) on 2026-11-22, AMD EPYC 2 vCPU (AVX-512F, Vector&lt;float&gt;.Count 8),
/// Debian 12, .NET 10.0.12, with ~8 builds sharing the machine (large error bars; ratios are indicative):
/// <code>
/// Length   StdpFieldScalar  StdpFieldVector  MetricScalar  MetricVector
///    100        328 ns           65 ns          135 ns         37 ns
///   1764      3,773 ns          619 ns        3,544 ns        788 ns
///  65536  1,789,635 ns       55,878 ns      180,086 ns     39,488 ns
/// </code>
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class LearningBenchmarks
{
    private float[] _weights = [];
    private float[] _preTimes = [];
    private float[] _delta = [];

    [Params(100, 1764, 65536)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(1);
        _weights = new float[Length];
        _preTimes = new float[Length];
        _delta = new float[Length];
        for (int i = 0; i < Length; i++)
        {
            _weights[i] = (float)random.NextDouble();
            _preTimes[i] = random.NextInt(4) == 0 ? -1f : random.NextInt(10);
        }
    }

    [Benchmark(Baseline = true)]
    public void StdpFieldScalar() => MultiplicativeRule.AccumulateScalar(_weights, _preTimes, 5f, 0.04f, 0.03f, _delta);

    [Benchmark]
    public void StdpFieldVector() => MultiplicativeRule.AccumulateVector(_weights, _preTimes, 5f, 0.04f, 0.03f, _delta);

    [Benchmark]
    public double ConvergenceMetricScalar() => ConvergenceMetric.ComputeScalar(_weights);

    [Benchmark]
    public double ConvergenceMetricVector() => ConvergenceMetric.Compute(_weights);

    private sealed class ShortInProcessConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public ShortInProcessConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
