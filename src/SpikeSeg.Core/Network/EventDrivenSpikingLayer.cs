using System.Runtime.InteropServices;

namespace SpikeSeg.Core.Network;

/// <summary>
/// The event-driven engine. Each active input cell is scattered into the currents of the positions it reaches
/// (all output features of a position at once, <see cref="ScatterKernel"/>); only those positions are updated.
/// A position remembers the last step it was brought up to date; the leak it owes for the silent steps in
/// between is settled by <see cref="LazyLeak"/> when it is next touched or read. State is stored
/// feature-innermost (<c>[y][x][c]</c>). When fire-once changes, the next step touches every position once,
/// because a silent neuron may then have become able to fire. When a channel's threshold is lowered (homeostasis),
/// the next step touches only the positions where a neuron of such a channel stands at or above its new
/// threshold: with a leak that never raises a membrane, every other silent neuron stays below it.
/// </summary>
public sealed class EventDrivenSpikingLayer : SpikingLayerBase
{
    private readonly float[] current;
    private readonly float[] membrane;
    private readonly float[] preReset;
    private readonly bool[] hasFired;

    /// <summary>Per position: the last step whose update the stored membrane includes (−1 = the reset state).</summary>
    private readonly long[] lastUpdatedStep;

    /// <summary>Per position: the step in which it was last touched, so a position joins <see cref="touched"/> once.</summary>
    private readonly long[] touchedStep;
    private readonly List<int> touched = [];
    private readonly bool[] thresholdLowered;
    private readonly bool leakNeverRaises;
    private int[] spikeKeys = [];
    private long step;
    private bool sweepPending;
    private bool loweredPending;

    public EventDrivenSpikingLayer(ConvGeometry geometry, NeuronParameters neuron)
        : base(geometry, neuron)
    {
        current = new float[geometry.OutputLength];
        membrane = new float[geometry.OutputLength];
        preReset = new float[geometry.OutputLength];
        hasFired = new bool[geometry.OutputLength];
        lastUpdatedStep = new long[geometry.OutputPositions];
        touchedStep = new long[geometry.OutputPositions];
        thresholdLowered = new bool[geometry.OutChannels];
        leakNeverRaises = neuron.LeakMode == Configuration.LeakMode.Subtractive
            ? neuron.LeakPerStep >= 0f
            : neuron.Beta is >= 0f and <= 1f;
        Reset();
    }

    public override long StepsSinceReset => step;

    /// <summary>Positions updated in the last step (for benchmarks and diagnostics).</summary>
    public int TouchedPositions => touched.Count;

    public override void Reset()
    {
        Array.Clear(current);
        Array.Clear(membrane);
        Array.Clear(preReset);
        Array.Clear(hasFired);
        lastUpdatedStep.AsSpan().Fill(-1);
        touchedStep.AsSpan().Fill(-1);
        touched.Clear();
        step = 0;
        // Everything is at rest below a positive threshold: nothing silent can fire.
        sweepPending = false;
        ClearLowered();
    }

    public override void Step(ReadOnlySpan<InputCell> input, List<LayerSpike> spikes)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        var cells = Canonical(input);
        ClearPreviousCurrents();
        if (sweepPending)
        {
            for (int pos = 0; pos < lastUpdatedStep.Length; pos++)
            {
                Touch(pos);
            }

            sweepPending = false;
            ClearLowered();
        }
        else if (loweredPending)
        {
            TouchAtOrAboveLoweredThresholds();
        }

        Scatter(cells);
        spikes.Clear();
        int channels = Geometry.OutChannels;
        int outWidth = Geometry.OutWidth;
        var p = Neuron;
        bool once = FireOnce;
        var thresholds = Thresholds.AsSpan(0, channels);
        foreach (int pos in CollectionsMarshal.AsSpan(touched))
        {
            long owed = step - lastUpdatedStep[pos] - 1;
            int baseIndex = pos * channels;
            var v = membrane.AsSpan(baseIndex, channels);
            var fired = hasFired.AsSpan(baseIndex, channels);
            var drive = current.AsSpan(baseIndex, channels);
            var before = preReset.AsSpan(baseIndex, channels);
            for (int c = 0; c < v.Length; c++)
            {
                if (owed > 0)
                {
                    v[c] = LazyLeak.Settle(v[c], owed, p);
                }

                if (NeuronDynamics.Step(ref v[c], ref fired[c], drive[c], thresholds[c], p, once, out before[c]))
                {
                    int y = pos / outWidth;
                    spikes.Add(new LayerSpike(c, y, pos - (y * outWidth), before[c]));
                }
            }

            lastUpdatedStep[pos] = step;
        }

        SortCanonically(spikes);
        step++;
    }

    public override void CopyMembraneTo(Span<float> chw)
    {
        CheckLength(chw);
        SettleAll();
        ToChw(membrane, chw);
    }

    public override void CopyPreResetTo(Span<float> chw)
    {
        CheckLength(chw);
        SettleAll();
        // A position silent in the last step did not reset, so its pre-reset potential is its settled membrane.
        int channels = Geometry.OutChannels;
        int positions = Geometry.OutputPositions;
        for (int pos = 0; pos < positions; pos++)
        {
            var source = touchedStep[pos] == step - 1 ? preReset : membrane;
            for (int c = 0; c < channels; c++)
            {
                chw[(c * positions) + pos] = source[(pos * channels) + c];
            }
        }
    }

    public override void CopyCurrentTo(Span<float> chw)
    {
        CheckLength(chw);
        ToChw(current, chw);
    }

    public override void CopyHasFiredTo(Span<bool> chw)
    {
        CheckLength(chw);
        int channels = Geometry.OutChannels;
        int positions = Geometry.OutputPositions;
        for (int pos = 0; pos < positions; pos++)
        {
            for (int c = 0; c < channels; c++)
            {
                chw[(c * positions) + pos] = hasFired[(pos * channels) + c];
            }
        }
    }

    protected override void OnDynamicsChanged() => sweepPending = true;

    protected override void OnThresholdLowered(int channel)
    {
        if (!leakNeverRaises)
        {
            sweepPending = true;
            return;
        }

        thresholdLowered[channel] = true;
        loweredPending = true;
    }

    /// <summary>
    /// A stored membrane is the neuron's value at its last update; the owed leak can only lower it, so a neuron
    /// below its (new) threshold now stays silent this step without an input and need not be touched.
    /// </summary>
    private void TouchAtOrAboveLoweredThresholds()
    {
        int channels = Geometry.OutChannels;
        var thresholds = Thresholds;
        for (int pos = 0; pos < lastUpdatedStep.Length; pos++)
        {
            int baseIndex = pos * channels;
            for (int c = 0; c < channels; c++)
            {
                if (thresholdLowered[c] && membrane[baseIndex + c] >= thresholds[c])
                {
                    Touch(pos);
                    break;
                }
            }
        }

        ClearLowered();
    }

    private void ClearLowered()
    {
        Array.Clear(thresholdLowered);
        loweredPending = false;
    }

    private void Scatter(ReadOnlySpan<InputCell> cells) =>
        SparseConvolution.Scatter(Geometry, cells, Weights.Transposed, current, touchedStep, step, touched);

    private void Touch(int pos)
    {
        if (touchedStep[pos] != step)
        {
            touchedStep[pos] = step;
            touched.Add(pos);
        }
    }

    /// <summary>Currents stay readable until the next step; then the touched positions are zeroed again.</summary>
    private void ClearPreviousCurrents()
    {
        int channels = Geometry.OutChannels;
        foreach (int pos in CollectionsMarshal.AsSpan(touched))
        {
            current.AsSpan(pos * channels, channels).Clear();
        }

        touched.Clear();
    }

    /// <summary>Brings every position up to the last completed step (for reads of the whole state).</summary>
    private void SettleAll()
    {
        int channels = Geometry.OutChannels;
        var p = Neuron;
        long last = step - 1;
        for (int pos = 0; pos < lastUpdatedStep.Length; pos++)
        {
            long owed = last - lastUpdatedStep[pos];
            if (owed <= 0)
            {
                continue;
            }

            int baseIndex = pos * channels;
            for (int c = 0; c < channels; c++)
            {
                membrane[baseIndex + c] = LazyLeak.Settle(membrane[baseIndex + c], owed, p);
            }

            lastUpdatedStep[pos] = last;
        }
    }

    private void ToChw(float[] hwc, Span<float> chw)
    {
        int channels = Geometry.OutChannels;
        int positions = Geometry.OutputPositions;
        for (int pos = 0; pos < positions; pos++)
        {
            for (int c = 0; c < channels; c++)
            {
                chw[(c * positions) + pos] = hwc[(pos * channels) + c];
            }
        }
    }

    /// <summary>Spikes come out position by position; order them (channel, row, column) by key, without allocating.</summary>
    private void SortCanonically(List<LayerSpike> spikes)
    {
        var items = CollectionsMarshal.AsSpan(spikes);
        if (spikeKeys.Length < items.Length)
        {
            spikeKeys = new int[Math.Max(items.Length, spikeKeys.Length * 2)];
        }

        var keys = spikeKeys.AsSpan(0, items.Length);
        int positions = Geometry.OutputPositions;
        for (int i = 0; i < items.Length; i++)
        {
            keys[i] = (items[i].Channel * positions) + (items[i].Y * Geometry.OutWidth) + items[i].X;
        }

        keys.Sort(items);
    }
}
