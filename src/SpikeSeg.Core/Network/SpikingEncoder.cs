namespace SpikeSeg.Core.Network;

/// <summary>
/// The SpikeSEG encoder: per step conv1 → pool1 → conv2 → pool2 → conv3, on the spikes of that step only.
/// Training/reference mode: <see cref="BeginWindow"/> with state reset before each window, fire-once on.
/// Continuous mode: state carries across steps; call <see cref="BeginWindow"/> with <c>resetState: false</c>
/// at each period to restart the first-spike maps and the per-step index history.
/// </summary>
public sealed class SpikingEncoder
{
    private readonly EncoderStep current = new();
    private readonly List<InputCell> pooledInput = [];

    public SpikingEncoder(EncoderTopology topology, EncoderEngine engine)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Topology = topology;
        Engine = engine;
        Conv1 = CreateLayer(topology.Conv1Geometry, NeuronParameters.From(topology.Conv1), engine);
        Pool1 = CreatePool(topology.Pool1Geometry, engine);
        Conv2 = CreateLayer(topology.Conv2Geometry, NeuronParameters.From(topology.Conv2), engine);
        Pool2 = CreatePool(topology.Pool2Geometry, engine);
        Conv3 = CreateLayer(topology.Conv3Geometry, NeuronParameters.From(topology.Conv3), engine);
        Window = new EncoderWindow(topology);
    }

    public EncoderTopology Topology { get; }

    public EncoderEngine Engine { get; }

    public ISpikingLayer Conv1 { get; }

    public ISpikePool Pool1 { get; }

    public ISpikingLayer Conv2 { get; }

    public ISpikePool Pool2 { get; }

    /// <summary>The classification layer.</summary>
    public ISpikingLayer Conv3 { get; }

    public EncoderWindow Window { get; }

    /// <summary>Fire-once in every layer (on in training; optional in continuous mode).</summary>
    public bool FireOnce
    {
        get => Conv1.FireOnce;
        set
        {
            Conv1.FireOnce = value;
            Conv2.FireOnce = value;
            Conv3.FireOnce = value;
        }
    }

    /// <summary>Starts a window: clears first-spike maps and index history; with <paramref name="resetState"/> also every membrane and fire-once mark.</summary>
    public void BeginWindow(bool resetState)
    {
        if (resetState)
        {
            Conv1.Reset();
            Conv2.Reset();
            Conv3.Reset();
        }

        Window.Clear();
    }

    /// <summary>
    /// One step on the active input cells (channel, y, x, value) of the input frame. The result is reused and
    /// valid until the next call.
    /// </summary>
    public EncoderStep Step(ReadOnlySpan<InputCell> input)
    {
        current.StepInWindow = Window.StepCount;
        Conv1.Step(input, current.Conv1List);
        Pool1.Pool(current.Conv1Spikes, current.Pool1List);
        Conv2.Step(AsInput(current.Pool1Spikes), current.Conv2List);
        Pool2.Pool(current.Conv2Spikes, current.Pool2List);
        Conv3.Step(AsInput(current.Pool2Spikes), current.Conv3List);
        Window.Record(current);
        return current;
    }

    private ReadOnlySpan<InputCell> AsInput(ReadOnlySpan<PooledSpike> pooled)
    {
        pooledInput.Clear();
        foreach (var p in pooled)
        {
            pooledInput.Add(new InputCell(p.Channel, p.Y, p.X, 1f));
        }

        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pooledInput);
    }

    private static ISpikingLayer CreateLayer(ConvGeometry geometry, NeuronParameters neuron, EncoderEngine engine) => engine switch
    {
        EncoderEngine.Dense => new DenseSpikingLayer(geometry, neuron),
        EncoderEngine.EventDriven => new EventDrivenSpikingLayer(geometry, neuron),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "unknown encoder engine"),
    };

    private static ISpikePool CreatePool(PoolGeometry geometry, EncoderEngine engine) => engine switch
    {
        EncoderEngine.Dense => new DenseSpikePooling(geometry),
        EncoderEngine.EventDriven => new EventDrivenSpikePooling(geometry),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "unknown encoder engine"),
    };
}
