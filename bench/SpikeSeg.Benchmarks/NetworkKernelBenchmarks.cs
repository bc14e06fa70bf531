// NOTE: the figures below predate the row-span scatter, the run-bitmap neuron pass and the sort-free spike
// ordering (branch perfcore, docs/performance.md "Network core"); they are the baseline those changes are
// measured against and must be re-run on an idle machine. ScatterScalar/ScatterVector still time one
// position's features per call, not a kernel row.
// Results of one short run (BenchmarkDotNet 0.14.0, ShortRun: 3 warm-ups, 3 iterations, InProcessEmitToolchain),
// 2026-11-22 05:45 UTC, AMD EPYC (lscpu model name), 2 vCPU shared with ~8 concurrent builds, .NET 10, Release.
// Inputs: 2 % of cells active; conv1 2→4 maps 128×128 k5, conv2 4→Features maps 64×64 k5, pool 4×128×128 2/2.
// Layer benchmarks run continuously (fire-once off, no reset), so every position reached is updated each step.
// Noise on this machine is large (see Error); read the ratios, not the digits. No benchmark allocates.
//
// | Method               | Features |        Mean |       StdDev |
// |--------------------- |--------- |------------:|-------------:|
// | ScatterScalar        | 4        |    13.01 us |     0.996 us |  (1024 positions × Features floats)
// | ScatterVector        | 4        |    12.92 us |     2.577 us |  (4 < Vector<float>.Count: scalar tail only)
// | Conv1StepDense       | 4        | 10,982.98 us |  552.471 us |
// | Conv1StepEventDriven | 4        |  2,000.18 us |  579.638 us |
// | Conv2StepDense       | 4        |  5,011.91 us |  687.550 us |
// | Conv2StepEventDriven | 4        |    650.71 us |   20.604 us |
// | PoolDense            | 4        |    303.19 us |   63.898 us |
// | PoolEventDriven      | 4        |     76.98 us |    4.375 us |
// | ScatterScalar        | 36       |    51.10 us |     1.847 us |
// | ScatterVector        | 36       |    15.88 us |     0.815 us |  (3.2× the scalar kernel)
// | Conv1StepDense       | 36       | 11,886.02 us |  615.392 us |  (conv1 does not depend on Features)
// | Conv1StepEventDriven | 36       |  1,647.65 us |   66.081 us |
// | Conv2StepDense       | 36       | 52,540.60 us | 3,853.499 us |
// | Conv2StepEventDriven | 36       |  6,260.36 us |  378.724 us |  (8.4× faster than dense)
// | PoolDense            | 36       |    301.75 us |   13.674 us |
// | PoolEventDriven      | 36       |     62.98 us |    2.673 us |
//
// At 2 % density a 5×5 kernel still reaches nearly every position, so the event-driven step is dominated by the
// work per reached neuron (update, spike ordering): by the ScatterVector row the scatter itself (≈ 8 k taps × 36
// features) costs only ≈ 0.13 ms of the 6.3 ms. Sparser inputs reach fewer positions and gain more.
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Benchmarks;

/// <summary>
/// The encoder's hot paths: the conv scatter kernel (scalar vs <c>Vector&lt;float&gt;</c>), one layer step of the
/// event-driven engine vs the dense oracle, and spike pooling. Inputs are sparse, as event-camera steps are
/// (about 2 % of input cells active), with the IGARSS-2023 shapes at 128×128.
/// Run: <c>dotnet run -c Release --project bench/SpikeSeg.Benchmarks -- --filter '*NetworkKernel*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class NetworkKernelBenchmarks
{
    private const int ScatterRepeats = 1024;
    private readonly List<LayerSpike> spikes = [];
    private readonly List<PooledSpike> pooled = [];
    private float[] scatterDestination = [];
    private float[] scatterSource = [];
    private InputCell[] conv1Input = [];
    private InputCell[] conv2Input = [];
    private LayerSpike[] poolInput = [];
    private DenseSpikingLayer denseConv1 = null!;
    private EventDrivenSpikingLayer sparseConv1 = null!;
    private DenseSpikingLayer denseConv2 = null!;
    private EventDrivenSpikingLayer sparseConv2 = null!;
    private DenseSpikePooling densePool = null!;
    private EventDrivenSpikePooling sparsePool = null!;

    /// <summary>Output features per position: 36 = conv2 of the IGARSS preset.</summary>
    [Params(4, 36)]
    public int Features { get; set; }

    /// <summary>Which positions the event-driven steps update (the engine chooses adaptively per step).</summary>
    [Params(StepScan.TouchedOnly, StepScan.WholeLayer)]
    public StepScan Scan { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var r = new Random(1);
        scatterSource = Enumerable.Range(0, Features).Select(_ => (float)r.NextDouble()).ToArray();
        scatterDestination = new float[Features * ScatterRepeats];

        var neuron = new NeuronParameters(NeuronModel.Lif, LeakMode.Subtractive, 1f, 0.1f);
        var conv1 = ConvGeometry.SamePadded(2, 128, 128, 4, 5);
        var conv2 = ConvGeometry.SamePadded(4, 64, 64, Features, 5);
        denseConv1 = new DenseSpikingLayer(conv1, neuron);
        sparseConv1 = new EventDrivenSpikingLayer(conv1, neuron) { Scan = Scan, KeepsCurrents = false };
        denseConv2 = new DenseSpikingLayer(conv2, neuron);
        sparseConv2 = new EventDrivenSpikingLayer(conv2, neuron) { Scan = Scan, KeepsCurrents = false };
        foreach (var layer in new ISpikingLayer[] { denseConv1, sparseConv1, denseConv2, sparseConv2 })
        {
            layer.Weights.SetAll(Enumerable.Range(0, layer.Geometry.WeightLength).Select(_ => (float)(r.NextDouble() * 0.2)).ToArray());
            layer.FireOnce = false;
        }

        conv1Input = Cells(r, 2, 128, 128, 0.02, binary: false);
        conv2Input = Cells(r, 4, 64, 64, 0.02, binary: true);
        var pool = new PoolGeometry(4, 128, 128, 2, 2);
        densePool = new DenseSpikePooling(pool);
        sparsePool = new EventDrivenSpikePooling(pool);
        poolInput = [.. Cells(r, 4, 128, 128, 0.02, binary: true).Select(c => new LayerSpike(c.Channel, c.Y, c.X, 1f))];
    }

    [Benchmark(Baseline = true)]
    public void ScatterScalar()
    {
        for (int i = 0; i < ScatterRepeats; i++)
        {
            ScatterKernel.AddScaledScalar(scatterDestination.AsSpan(i * Features, Features), scatterSource, 0.5f);
        }
    }

    [Benchmark]
    public void ScatterVector()
    {
        for (int i = 0; i < ScatterRepeats; i++)
        {
            ScatterKernel.AddScaled(scatterDestination.AsSpan(i * Features, Features), scatterSource, 0.5f);
        }
    }

    [Benchmark]
    public int Conv1StepDense()
    {
        denseConv1.Step(conv1Input, spikes);
        return spikes.Count;
    }

    [Benchmark]
    public int Conv1StepEventDriven()
    {
        sparseConv1.Step(conv1Input, spikes);
        return spikes.Count;
    }

    [Benchmark]
    public int Conv2StepDense()
    {
        denseConv2.Step(conv2Input, spikes);
        return spikes.Count;
    }

    [Benchmark]
    public int Conv2StepEventDriven()
    {
        sparseConv2.Step(conv2Input, spikes);
        return spikes.Count;
    }

    [Benchmark]
    public int PoolDense()
    {
        densePool.Pool(poolInput, pooled);
        return pooled.Count;
    }

    [Benchmark]
    public int PoolEventDriven()
    {
        sparsePool.Pool(poolInput, pooled);
        return pooled.Count;
    }

    private static InputCell[] Cells(Random r, int channels, int height, int width, double density, bool binary)
    {
        var cells = new List<InputCell>();
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    if (r.NextDouble() < density)
                    {
                        cells.Add(new InputCell(c, y, x, binary ? 1f : (float)r.NextDouble()));
                    }
                }
            }
        }

        return CollectionsMarshal.AsSpan(cells).ToArray();
    }
}
