namespace SpikeSeg.Core.Network;

/// <summary>
/// The time-stepped oracle: every step convolves the dense input frame and updates every neuron, exactly the
/// reference's tensor computation. Tests and benchmarks compare the event-driven engine with it.
/// </summary>
public sealed class DenseSpikingLayer : SpikingLayerBase
{
    private readonly float[] inputFrame;
    private readonly float[] current;
    private readonly float[] membrane;
    private readonly float[] preReset;
    private readonly bool[] hasFired;
    private long steps;

    public DenseSpikingLayer(ConvGeometry geometry, NeuronParameters neuron)
        : base(geometry, neuron)
    {
        inputFrame = new float[geometry.InputLength];
        current = new float[geometry.OutputLength];
        membrane = new float[geometry.OutputLength];
        preReset = new float[geometry.OutputLength];
        hasFired = new bool[geometry.OutputLength];
    }

    public override long StepsSinceReset => steps;

    public override void Reset()
    {
        Array.Clear(membrane);
        Array.Clear(preReset);
        Array.Clear(current);
        Array.Clear(hasFired);
        steps = 0;
    }

    public override void Step(ReadOnlySpan<InputCell> input, List<LayerSpike> spikes)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        var g = Geometry;
        InputCells.ToDense(Canonical(input), g.InHeight, g.InWidth, inputFrame);
        DenseConvolution.Apply(g, inputFrame, Weights.Oihw, current);
        spikes.Clear();
        var p = Neuron;
        bool once = FireOnce;
        int i = 0;
        for (int c = 0; c < g.OutChannels; c++)
        {
            float threshold = Thresholds[c];
            for (int y = 0; y < g.OutHeight; y++)
            {
                for (int x = 0; x < g.OutWidth; x++, i++)
                {
                    if (NeuronDynamics.Step(ref membrane[i], ref hasFired[i], current[i], threshold, p, once, out preReset[i]))
                    {
                        spikes.Add(new LayerSpike(c, y, x, preReset[i]));
                    }
                }
            }
        }

        steps++;
    }

    public override void CopyMembraneTo(Span<float> chw)
    {
        CheckLength(chw);
        membrane.CopyTo(chw);
    }

    public override void CopyPreResetTo(Span<float> chw)
    {
        CheckLength(chw);
        preReset.CopyTo(chw);
    }

    public override void CopyCurrentTo(Span<float> chw)
    {
        CheckLength(chw);
        current.CopyTo(chw);
    }

    public override void CopyHasFiredTo(Span<bool> chw)
    {
        CheckLength(chw);
        hasFired.CopyTo(chw);
    }
}
