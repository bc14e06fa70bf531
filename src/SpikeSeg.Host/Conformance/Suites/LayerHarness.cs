using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>Runs a single spiking layer of either engine step by step and exposes its state as CHW arrays for golden comparisons.</summary>
internal sealed class LayerHarness
{
    private readonly List<InputCell> cells = [];
    private readonly List<LayerSpike> spikes = [];

    public LayerHarness(EncoderEngine engine, ConvGeometry geometry, NeuronParameters neuron, float[] weightsOihw, bool fireOnce)
    {
        Layer = engine == EncoderEngine.Dense ? new DenseSpikingLayer(geometry, neuron) : new EventDrivenSpikingLayer(geometry, neuron);
        Layer.Weights.SetAll(weightsOihw);
        Layer.FireOnce = fireOnce;
    }

    public ISpikingLayer Layer { get; }

    public static IEnumerable<EncoderEngine> Engines => [EncoderEngine.Dense, EncoderEngine.EventDriven];

    /// <summary>One step on a dense CHW input frame; returns the spikes as a dense CHW 0/1 map.</summary>
    public float[] Step(ReadOnlySpan<float> inputChw)
    {
        var g = Layer.Geometry;
        InputCells.FromDense(inputChw, g.InChannels, g.InHeight, g.InWidth, cells);
        Layer.Step(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(cells), spikes);
        var map = new float[g.OutputLength];
        foreach (var s in spikes)
        {
            map[(((s.Channel * g.OutHeight) + s.Y) * g.OutWidth) + s.X] = 1f;
        }

        return map;
    }

    public float[] Membrane() => Read(Layer.CopyMembraneTo);

    public float[] PreReset() => Read(Layer.CopyPreResetTo);

    public float[] Current() => Read(Layer.CopyCurrentTo);

    public float[] HasFired()
    {
        var fired = new bool[Layer.Geometry.OutputLength];
        Layer.CopyHasFiredTo(fired);
        return fired.Select(f => f ? 1f : 0f).ToArray();
    }

    public static NeuronParameters Lif(LeakMode mode, float threshold, float leak) => new(NeuronModel.Lif, mode, threshold, leak);

    private float[] Read(CopyTo copy)
    {
        var values = new float[Layer.Geometry.OutputLength];
        copy(values);
        return values;
    }

    private delegate void CopyTo(Span<float> chw);
}
