using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Decoding;
using SpikeSeg.Core.Segmentation;

namespace SpikeSeg.Benchmarks;

// Last run (2026-11-22, Job.ShortRun in-process, 3 iterations — expect ±30 % on this shared machine):
// AMD EPYC, 2 vCPU, Debian 12, .NET 10.0.12, RyuJIT AVX-512F (Vector<float> is 256-bit: 8 floats).
// Scatter of ~820 active cells (4 × 64 × 64 at 5 %) with 5×5 kernels; one kernel row run = 5 × TargetChannels floats:
//   TargetChannels  2: scalar 147 µs, vector 105 µs (0.72×)
//   TargetChannels  4: scalar 218 µs, vector 123 µs (0.56×)
//   TargetChannels 36: scalar 1082 µs, vector 185 µs (0.17×)
// HULK one spike, 128² input, 4/36/1 maps, k 5/5/7, random U[0, s] weights (large masks): 316 µs mean, 5.6 KB allocated
// (the result's mask, per-channel counts and ASH; the working buffers are reused).
// 2026-12-03, branch hulk, same machine at load 3–5: "weights ≈ 0.8, reused trace" fused pass 62–80 µs, reference
// pass 255–295 µs; the random-weights case above 84–114 µs (ShortRun errors ±10–70 µs under that load; the
// thread-CPU figures in docs/performance.md, "HULK and the segmenter", are steadier).

/// <summary>
/// The decoder's transposed-convolution scatter (scalar reference vs <c>Vector&lt;float&gt;</c>) and HULK per
/// classification spike, on the default model shape: 2 input channels, 4/36/1 maps, kernels 5/5/7,
/// 128×128 input, 2×2/2 pools (→ 64×64 → 32×32).
/// </summary>
[Config(typeof(DecodingBenchmarkConfig))]
[MemoryDiagnoser]
public class DecodingBenchmarks
{
    private const int Side = 128;
    private readonly List<ActiveCell> _cells = [];
    private TransposedKernel _kernel = null!;
    private float[] _accumulator = [];

    /// <summary>Decoded channels per cell (trans_conv1: 2, trans_conv2: 4, trans_conv3: 36); one kernel row run is 5 × this.</summary>
    [Params(2, 4, 36)]
    public int TargetChannels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _kernel = TransposedKernel.From(Bank(random, 4, TargetChannels, 5, 1f));
        for (int c = 0; c < 4; c++)
        {
            for (int y = 0; y < Side / 2; y++)
            {
                for (int x = 0; x < Side / 2; x++)
                {
                    if (random.NextDouble() < 0.05)
                    {
                        _cells.Add(new ActiveCell(c, y, x, 1f));
                    }
                }
            }
        }

        _accumulator = new float[(Side / 2) * (Side / 2) * TargetChannels];
    }

    [Benchmark(Baseline = true, Description = "scatter 64×64, 5% active, scalar")]
    public void ScatterScalar() => TransposedConvolution.Scatter(CollectionsMarshal.AsSpan(_cells), _kernel, Side / 2, Side / 2, _accumulator, vectorized: false);

    [Benchmark(Description = "scatter 64×64, 5% active, Vector<float>")]
    public void ScatterVector() => TransposedConvolution.Scatter(CollectionsMarshal.AsSpan(_cells), _kernel, Side / 2, Side / 2, _accumulator, vectorized: true);

    internal static ConvWeightBank Bank(Random random, int outChannels, int inChannels, int k, float scale)
    {
        var w = new float[outChannels * inChannels * k * k];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = scale * random.NextSingle();
        }

        return new ConvWeightBank(w, outChannels, inChannels, k);
    }
}

/// <summary>HULK for one classification spike at a time on the default model shape (see <see cref="DecodingBenchmarks"/>).</summary>
[Config(typeof(DecodingBenchmarkConfig))]
[MemoryDiagnoser]
public class HulkSpikeBenchmarks
{
    private const int Side = 128;
    private HulkUnraveller _hulk = null!;
    private PoolIndexHistory _indices = null!;
    private ClassificationSpike[] _spikes = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var weights = new DecoderWeights(DecodingBenchmarks.Bank(random, 4, 2, 5, 0.3f), DecodingBenchmarks.Bank(random, 36, 4, 5, 0.1f), DecodingBenchmarks.Bank(random, 1, 36, 7, 1f));
        var pool = new PoolSpec(2, 2);
        _indices = PoolIndexHistory.LastStepOnly(Indices(random, 4, Side, pool), Indices(random, 36, Side / 2, pool));
        _hulk = new HulkUnraveller(weights, new HulkOptions { UnpoolIndices = UnpoolIndexSource.LastTimestep });
        _spikes = [.. Enumerable.Range(0, 64).Select(_ => new ClassificationSpike(0, 0, random.Next(Side / 4), random.Next(Side / 4)))];
        var untrained = new DecoderWeights(Centred(DecodingBenchmarks.Bank(random, 4, 2, 5, 0.6f), 0.3f), Centred(DecodingBenchmarks.Bank(random, 36, 4, 5, 0.02f), -0.79f), Centred(DecodingBenchmarks.Bank(random, 1, 36, 7, 0.02f), -0.79f));
        _untrained = new HulkUnraveller(untrained, new HulkOptions { UnpoolIndices = UnpoolIndexSource.LastTimestep });
        _trace = new HulkTrace(untrained, 1);
    }

    private HulkUnraveller _untrained = null!;
    private HulkTrace _trace = null!;

    /// <summary>The bank with <paramref name="shift"/> subtracted from every weight.</summary>
    private static ConvWeightBank Centred(ConvWeightBank bank, float shift)
    {
        for (int i = 0; i < bank.Oihw.Length; i++)
        {
            bank.Oihw[i] -= shift;
        }

        return bank;
    }

    [Benchmark(Description = "HULK one spike (128² input)")]
    public int HulkPerSpike()
    {
        var spike = _spikes[_next++ & 63];
        return _hulk.Unravel(spike, _indices, 1).Mask.Count;
    }

    /// <summary>The live segmenter's case: untrained conv2/conv3 weights ≈ 0.8 (every cell above τ), a reused trace.</summary>
    [Benchmark(Description = "HULK one spike, weights ≈ 0.8, reused trace (fused pass)")]
    public int HulkUntrainedFused()
    {
        _untrained.UnravelInto(_spikes[_next++ & 63], _indices, _trace);
        return _trace.MaskPixels.Length;
    }

    [Benchmark(Description = "HULK one spike, weights ≈ 0.8, reused trace (reference pass)")]
    public int HulkUntrainedReference()
    {
        _untrained.UnravelIntoReference(_spikes[_next++ & 63], _indices, _trace);
        return _trace.MaskPixels.Length;
    }

    private static PoolIndexMap Indices(Random random, int channels, int side, PoolSpec pool)
    {
        int pooled = pool.OutputSize(side);
        var idx = new int[channels * pooled * pooled];
        for (int n = 0; n < idx.Length; n++)
        {
            int y = ((n / pooled) % pooled * pool.Stride) + random.Next(pool.Kernel);
            int x = (n % pooled * pool.Stride) + random.Next(pool.Kernel);
            idx[n] = (y * side) + x;
        }

        return new PoolIndexMap(idx, channels, pooled, pooled, side, side, pool);
    }

}

/// <summary>One short in-process job: the machine is shared, so benchmarks run briefly and once.</summary>
internal sealed class DecodingBenchmarkConfig : ManualConfig
{
    public DecodingBenchmarkConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
}
