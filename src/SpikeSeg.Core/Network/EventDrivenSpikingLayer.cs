using System.Runtime.InteropServices;

namespace SpikeSeg.Core.Network;

/// <summary>
/// The event-driven engine. Each active input cell is scattered into the currents of the positions it reaches,
/// a kernel row at a time (<see cref="SparseConvolution"/>); only those positions are updated. The touched
/// positions are a bitmap (<see cref="PositionSet"/>) walked as runs of consecutive positions, so a run's neurons
/// (positions × features, stored feature-innermost <c>[y][x][c]</c>) are one contiguous block for the vector
/// neuron kernel (<see cref="NeuronKernel"/>), and spikes come out position-major in ascending order, which a
/// stable split by channel turns into canonical order without sorting. A position remembers the last step it was
/// brought up to date; the leak it owes for the silent steps in between is settled by <see cref="LazyLeak"/> when
/// it is next touched or read. When fire-once changes, the next step touches every position once, because a
/// silent neuron may then have become able to fire. When a channel's threshold is lowered (homeostasis), the next
/// step touches only the positions where a neuron of such a channel stands at or above its new threshold: with a
/// leak that never raises a membrane, every other silent neuron stays below it.
/// </summary>
public sealed class EventDrivenSpikingLayer : SpikingLayerBase
{
    private readonly float[] current;
    private readonly float[] membrane;
    private readonly float[] preReset;
    private readonly bool[] hasFired;

    /// <summary>Per position: the last step whose update the stored membrane includes (−1 = the reset state).</summary>
    private readonly long[] lastUpdatedStep;

    /// <summary>Positions touched in the current step; after the step, those of the last one.</summary>
    private readonly PositionSet touched;
    private readonly bool[] thresholdLowered;
    private readonly bool leakNeverRaises;

    /// <summary>An input-free step maps a membrane of 0 to 0 (LIF, or no leak), so resting neurons owe nothing.</summary>
    private readonly bool zeroAtRest;
    private LayerSpike[] spikeScratch = [];
    private readonly int[] channelStart;
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
        touched = new PositionSet(geometry.OutputPositions);
        channelStart = new int[geometry.OutChannels + 1];
        thresholdLowered = new bool[geometry.OutChannels];
        zeroAtRest = NeuronDynamics.Integrate(0f, 0f, neuron) == 0f;
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
            touched.AddRange(0, Geometry.OutputPositions);
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
        var thresholds = Thresholds.AsSpan(0, channels);
        float lowest = float.PositiveInfinity;
        foreach (float t in thresholds)
        {
            lowest = Math.Min(lowest, t);
        }

        var runs = touched.Runs();
        while (runs.MoveNext())
        {
            SettleOwedLeak(runs.Start, runs.Length);
            int first = runs.Start * channels;
            int length = runs.Length * channels;
            var v = membrane.AsSpan(first, length);
            var before = preReset.AsSpan(first, length);
            NeuronKernel.Integrate(v, current.AsSpan(first, length), before, Neuron);
            for (int i = NeuronKernel.IndexOfAtOrAbove(before, lowest, 0); i >= 0; i = NeuronKernel.IndexOfAtOrAbove(before, lowest, i + 1))
            {
                Fire(first + i, spikes);
            }
        }

        SplitByChannel(spikes);
        step++;
    }

    /// <summary>The threshold test, fire-once mask and reset of one neuron at or above the lowest threshold (as <see cref="NeuronDynamics.Step"/>).</summary>
    private void Fire(int neuron, List<LayerSpike> spikes)
    {
        int channels = Geometry.OutChannels;
        int pos = Math.DivRem(neuron, channels, out int c);
        float v = preReset[neuron];
        if (v >= Thresholds[c] && !(FireOnce && hasFired[neuron]))
        {
            membrane[neuron] = 0f;
            if (FireOnce)
            {
                hasFired[neuron] = true;
            }

            int y = Math.DivRem(pos, Geometry.OutWidth, out int x);
            spikes.Add(new LayerSpike(c, y, x, v));
        }
    }

    /// <summary>Brings the positions of a run up to the end of the previous step and marks them updated in this one.</summary>
    private void SettleOwedLeak(int firstPosition, int positions)
    {
        int channels = Geometry.OutChannels;
        var p = Neuron;
        var last = lastUpdatedStep.AsSpan(firstPosition, positions);
        for (int i = 0; i < last.Length; i++)
        {
            long owed = step - last[i] - 1;
            if (owed > 0)
            {
                var v = membrane.AsSpan((firstPosition + i) * channels, channels);
                for (int c = 0; c < v.Length; c++)
                {
                    // Most silent neurons rest at 0, which the usual dynamics keep at 0: nothing to settle.
                    if (v[c] != 0f || !zeroAtRest)
                    {
                        v[c] = LazyLeak.Settle(v[c], owed, p);
                    }
                }
            }

            last[i] = step;
        }
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
            var source = touched.Contains(pos) ? preReset : membrane;
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
                    touched.Add(pos);
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
        SparseConvolution.Scatter(Geometry, cells, Weights.Transposed, current, touched);

    /// <summary>Currents stay readable until the next step; then the touched positions are zeroed again.</summary>
    private void ClearPreviousCurrents()
    {
        int channels = Geometry.OutChannels;
        var runs = touched.Runs();
        while (runs.MoveNext())
        {
            current.AsSpan(runs.Start * channels, runs.Length * channels).Clear();
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

    /// <summary>
    /// Spikes come out in ascending (position, channel) order; a stable counting split by channel turns that into
    /// canonical (channel, row, column) order in linear time, without allocating.
    /// </summary>
    private void SplitByChannel(List<LayerSpike> spikes)
    {
        int channels = Geometry.OutChannels;
        if (channels == 1 || spikes.Count < 2)
        {
            return;
        }

        var items = CollectionsMarshal.AsSpan(spikes);
        if (spikeScratch.Length < items.Length)
        {
            spikeScratch = new LayerSpike[Math.Max(items.Length, spikeScratch.Length * 2)];
        }

        var start = channelStart.AsSpan();
        start.Clear();
        foreach (var s in items)
        {
            start[s.Channel + 1]++;
        }

        for (int c = 1; c <= channels; c++)
        {
            start[c] += start[c - 1];
        }

        var split = spikeScratch.AsSpan(0, items.Length);
        foreach (var s in items)
        {
            split[start[s.Channel]++] = s;
        }

        split.CopyTo(items);
    }
}
