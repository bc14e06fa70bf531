// Results: PENDING — filled in after one short run (see the end of this comment).
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
        sparseConv1 = new EventDrivenSpikingLayer(conv1, neuron);
        denseConv2 = new DenseSpikingLayer(conv2, neuron);
        sparseConv2 = new EventDrivenSpikingLayer(conv2, neuron);
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
