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
/// When the input is dense enough that its footprint would cover much of the layer anyway (conv1 under a busy
/// sensor), the step skips the bookkeeping and updates every position in one vector pass (<see cref="StepScan"/>);
/// both kinds of step give the same bits.
/// </summary>
public sealed class EventDrivenSpikingLayer : SpikingLayerBase
{
    /// <summary>
    /// An adaptive step updates the whole layer when its input could reach at least this fraction of the positions
    /// (cells × positions one cell reaches). Marking, walking runs and settling cost several times more per position
    /// than a plain vector pass: on the sda-davis sky (conv1, footprint ≈ 0.35) a whole-layer step took a quarter of
    /// the time of a touched-only one, while conv2 (footprint ≈ 0.01) took ten times longer (docs/performance.md).
    /// </summary>
    public const double WholeLayerFootprintRatio = 0.1;

    /// <summary>Neurons integrated per call of the vector kernel (bounds the crossing buffer).</summary>
    private const int ChunkNeurons = 4096;

    private readonly float[] current;

    /// <summary>The currents of one band of output rows, for whole-layer steps that integrate band by band (see <see cref="BandNeurons"/>).</summary>
    private float[] bandCurrent = [];
    private readonly float[] membrane;
    private readonly bool[] hasFired;

    /// <summary>Per position: the last step whose update the stored membrane includes (−1 = the reset state).</summary>
    private readonly long[] lastUpdatedStep;

    /// <summary>Positions touched in the current step; after the step, those of the last one.</summary>
    private readonly PositionSet touched;
    private readonly bool[] thresholdLowered;
    private readonly float[] loweredLimits;
    private readonly bool leakNeverRaises;

    /// <summary>An input-free step maps a membrane of 0 to 0 (LIF, or no leak), so resting neurons owe nothing.</summary>
    private readonly bool zeroAtRest;
    private readonly int positionsPerCell;
    private int[] crossings = new int[ChunkNeurons];

    /// <summary>Neurons that fired in the last step with their pre-reset potential (elsewhere it equals the membrane).</summary>
    private readonly List<FiredNeuron> fired = [];
    private LayerSpike[] spikeScratch = [];
    private readonly int[] channelStart;
    private long step;

    /// <summary>The last step that updated every position (−1: none since reset); it stands in for each position's own record.</summary>
    private long lastWholeStep;
    private bool previousStepWhole;
    private bool sweepPending;
    private bool loweredPending;

    public EventDrivenSpikingLayer(ConvGeometry geometry, NeuronParameters neuron)
        : base(geometry, neuron)
    {
        current = new float[geometry.OutputLength];
        membrane = new float[geometry.OutputLength];
        hasFired = new bool[geometry.OutputLength];
        lastUpdatedStep = new long[geometry.OutputPositions];
        touched = new PositionSet(geometry.OutputPositions);
        channelStart = new int[geometry.OutChannels + 1];
        thresholdLowered = new bool[geometry.OutChannels];
        loweredLimits = new float[NeuronKernel.RepeatingLength(geometry.OutChannels)];
        zeroAtRest = NeuronDynamics.Integrate(0f, 0f, neuron) == 0f;
        leakNeverRaises = neuron.LeakMode == Configuration.LeakMode.Subtractive
            ? neuron.LeakPerStep >= 0f
            : neuron.Beta is >= 0f and <= 1f;
        int reach = (geometry.Kernel + geometry.Stride - 1) / geometry.Stride;
        positionsPerCell = reach * reach;
        Reset();
    }

    public override long StepsSinceReset => step;

    /// <summary>Which positions a step updates; every choice gives the same results (tests pin each one).</summary>
    public StepScan Scan { get; set; } = StepScan.Adaptive;

    /// <summary>
    /// Whether the last step's currents stay readable (<see cref="CopyCurrentTo"/>) until the next step. Without,
    /// the integration pass zeroes each current as it reads it, which saves the next step a clearing pass over
    /// everything the last one touched; the engine's layers run that way, diagnostics keep them.
    /// </summary>
    public bool KeepsCurrents { get; init; } = true;

    /// <summary>
    /// The size a whole-layer step of a layer that does not keep its currents aims at for one band of output rows
    /// (at least one row): it scatters the step's input into that band's currents only, integrates the band and
    /// moves on, so the currents stay in a buffer of this many floats instead of a layer-sized array that the
    /// scatter and the integration would each stream through the caches. A cell whose kernel rows straddle two
    /// bands is visited once for each, so small bands cost more than they save: on the sda-davis sky (conv1
    /// 240 × 180 × 4) 4 096 and 8 192 floats were slower than the single layer-sized pass, 16 384 (64 KB, 17 rows)
    /// as fast on one stream and faster with two streams sharing the caches (docs/performance.md). Every band
    /// size gives the same bits (the equivalence tests draw band sizes down to one row).
    /// </summary>
    public int BandNeurons
    {
        get => bandNeurons;
        init => bandNeurons = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "a band holds at least one neuron.");
    }

    private readonly int bandNeurons = DefaultBandNeurons;

    /// <summary>The default <see cref="BandNeurons"/>.</summary>
    public const int DefaultBandNeurons = 16384;

    /// <summary>Positions updated in the last step (for benchmarks and diagnostics).</summary>
    public int TouchedPositions => previousStepWhole ? Geometry.OutputPositions : touched.Count;

    public override void Reset()
    {
        Array.Clear(current);
        Array.Clear(membrane);
        Array.Clear(hasFired);
        lastUpdatedStep.AsSpan().Fill(-1);
        touched.Clear();
        fired.Clear();
        step = 0;
        lastWholeStep = -1;
        previousStepWhole = false;
        // Everything is at rest below a positive threshold: nothing silent can fire.
        sweepPending = false;
        ClearLowered();
    }

    public override void Step(ReadOnlySpan<InputCell> input, List<LayerSpike> spikes)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        var cells = Canonical(input);
        if (KeepsCurrents)
        {
            ClearPreviousCurrents();
        }
        else
        {
            // The integration pass zeroed every current it read, and it read every one the scatter wrote.
            touched.Clear();
        }

        spikes.Clear();
        fired.Clear();
        bool whole = sweepPending || Scan switch
        {
            StepScan.WholeLayer => true,
            StepScan.TouchedOnly => false,
            _ => (double)cells.Length * positionsPerCell >= WholeLayerFootprintRatio * Geometry.OutputPositions,
        };
        if (whole)
        {
            StepWholeLayer(cells, spikes);
        }
        else
        {
            StepTouched(cells, spikes);
        }

        previousStepWhole = whole;
        SplitByChannel(spikes);
        step++;
    }

    /// <summary>Scatter with touched positions marked, then settle and integrate each run of them.</summary>
    private void StepTouched(ReadOnlySpan<InputCell> cells, List<LayerSpike> spikes)
    {
        if (loweredPending)
        {
            TouchAtOrAboveLoweredThresholds();
        }

        SparseConvolution.Scatter(Geometry, cells, Weights.Transposed, current, touched);
        float lowest = LowestThreshold();
        int channels = Geometry.OutChannels;
        var runs = touched.Runs();
        while (runs.MoveNext())
        {
            SettleOwedLeak(runs.Start, runs.Length);
            IntegrateBlock(runs.Start * channels, runs.Length * channels, lowest, spikes);
        }
    }

    /// <summary>
    /// Every position settled (when owed) and integrated in one vector pass, without touched-position bookkeeping:
    /// band by band of output rows when the currents need not stay readable, else after one scatter into the
    /// layer-sized current array.
    /// </summary>
    private void StepWholeLayer(ReadOnlySpan<InputCell> cells, List<LayerSpike> spikes)
    {
        sweepPending = false;
        ClearLowered();
        if (lastWholeStep != step - 1)
        {
            SettleOwedLeak(0, Geometry.OutputPositions);
        }

        lastWholeStep = step;
        if (!KeepsCurrents && Geometry.Stride == 1)
        {
            IntegrateInBands(cells, LowestThreshold(), spikes);
            return;
        }

        SparseConvolution.Scatter(Geometry, cells, Weights.Transposed, current, touched: null);
        IntegrateBlock(0, Geometry.OutputLength, LowestThreshold(), spikes);
    }

    /// <summary>Scatters into one band of output rows at a time and integrates it while its currents are in cache.</summary>
    private void IntegrateInBands(ReadOnlySpan<InputCell> cells, float lowest, List<LayerSpike> spikes)
    {
        int rowNeurons = Geometry.OutWidth * Geometry.OutChannels;
        int bandRows = Math.Clamp(bandNeurons / rowNeurons, 1, Geometry.OutHeight);
        if (bandCurrent.Length < bandRows * rowNeurons)
        {
            // Sized once, at the first whole-layer step (the geometry fixes it); zero, and left zeroed by each band.
            bandCurrent = new float[bandRows * rowNeurons];
            crossings = new int[Math.Max(crossings.Length, bandCurrent.Length)];
        }

        for (int firstRow = 0; firstRow < Geometry.OutHeight; firstRow += bandRows)
        {
            int rows = Math.Min(bandRows, Geometry.OutHeight - firstRow);
            var band = bandCurrent.AsSpan(0, rows * rowNeurons);
            SparseConvolution.ScatterRows(Geometry, cells, Weights.Transposed, band, firstRow, rows);
            int start = firstRow * rowNeurons;
            int found = NeuronKernel.IntegrateAndFindCrossings(membrane.AsSpan(start, band.Length), band, lowest, Neuron, crossings, band);
            for (int j = 0; j < found; j++)
            {
                Fire(start + crossings[j], spikes);
            }
        }
    }

    private float LowestThreshold()
    {
        float lowest = float.PositiveInfinity;
        foreach (float t in Thresholds.AsSpan(0, Geometry.OutChannels))
        {
            lowest = Math.Min(lowest, t);
        }

        return lowest;
    }

    /// <summary>Integrates neurons first … first + count − 1 and fires those at or above their thresholds.</summary>
    private void IntegrateBlock(int first, int count, float lowest, List<LayerSpike> spikes)
    {
        for (int offset = 0; offset < count; offset += ChunkNeurons)
        {
            int length = Math.Min(ChunkNeurons, count - offset);
            int start = first + offset;
            var input = current.AsSpan(start, length);
            int found = NeuronKernel.IntegrateAndFindCrossings(membrane.AsSpan(start, length), input, lowest, Neuron, crossings, KeepsCurrents ? default : input);
            for (int j = 0; j < found; j++)
            {
                Fire(start + crossings[j], spikes);
            }
        }
    }

    /// <summary>The threshold test, fire-once mask and reset of one neuron at or above the lowest threshold (as <see cref="NeuronDynamics.Step"/>).</summary>
    private void Fire(int neuron, List<LayerSpike> spikes)
    {
        int channels = Geometry.OutChannels;
        int pos = Math.DivRem(neuron, channels, out int c);
        float v = membrane[neuron];
        if (v >= Thresholds[c] && !(FireOnce && hasFired[neuron]))
        {
            membrane[neuron] = 0f;
            if (FireOnce)
            {
                hasFired[neuron] = true;
            }

            fired.Add(new FiredNeuron(neuron, v));
            int y = Math.DivRem(pos, Geometry.OutWidth, out int x);
            spikes.Add(new LayerSpike(c, y, x, v));
        }
    }

    /// <summary>The last step a position's stored membrane includes: its own record or the last whole-layer step.</summary>
    private long LastUpdate(int position) => Math.Max(lastUpdatedStep[position], lastWholeStep);

    /// <summary>Brings the positions of a run up to the end of the previous step and marks them updated in this one.</summary>
    private void SettleOwedLeak(int firstPosition, int positions)
    {
        int channels = Geometry.OutChannels;
        var p = Neuron;
        var last = lastUpdatedStep.AsSpan(firstPosition, positions);
        long wholeStep = lastWholeStep;
        for (int i = 0; i < last.Length; i++)
        {
            long owed = step - Math.Max(last[i], wholeStep) - 1;
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
        // Only a neuron that fired in the last step was reset; everywhere else the pre-reset potential is the membrane.
        ToChw(membrane, chw);
        int channels = Geometry.OutChannels;
        int positions = Geometry.OutputPositions;
        foreach (var f in fired)
        {
            int pos = Math.DivRem(f.Neuron, channels, out int c);
            chw[(c * positions) + pos] = f.PreResetPotential;
        }
    }

    public override void CopyCurrentTo(Span<float> chw)
    {
        CheckLength(chw);
        if (!KeepsCurrents)
        {
            throw new InvalidOperationException("this layer does not keep its currents (KeepsCurrents is false): they are zeroed as they are integrated.");
        }

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
        for (int i = 0; i < loweredLimits.Length; i++)
        {
            int c = i % channels;
            loweredLimits[i] = thresholdLowered[c] ? Thresholds[c] : float.PositiveInfinity;
        }

        // One streaming pass over every membrane (this runs at every window end under homeostasis).
        for (int i = NeuronKernel.IndexOfAtOrAboveRepeating(membrane, loweredLimits, 0); i >= 0;)
        {
            int pos = i / channels;
            touched.Add(pos);
            int next = (pos + 1) * channels;
            i = next < membrane.Length ? NeuronKernel.IndexOfAtOrAboveRepeating(membrane, loweredLimits, next) : -1;
        }

        ClearLowered();
    }

    private void ClearLowered()
    {
        Array.Clear(thresholdLowered);
        loweredPending = false;
    }

    /// <summary>Currents stay readable until the next step; then the positions they were written to are zeroed again.</summary>
    private void ClearPreviousCurrents()
    {
        if (previousStepWhole)
        {
            Array.Clear(current);
        }
        else
        {
            int channels = Geometry.OutChannels;
            var runs = touched.Runs();
            while (runs.MoveNext())
            {
                current.AsSpan(runs.Start * channels, runs.Length * channels).Clear();
            }
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
            long owed = last - LastUpdate(pos);
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

    private readonly record struct FiredNeuron(int Neuron, float PreResetPotential);
}

/// <summary>Which positions an event-driven step updates.</summary>
public enum StepScan
{
    /// <summary>Whole layer when the input's footprint could cover <see cref="EventDrivenSpikingLayer.WholeLayerFootprintRatio"/> of it, else touched positions.</summary>
    Adaptive,

    /// <summary>Only positions the input reaches (plus those a lowered threshold or a mode change requires).</summary>
    TouchedOnly,

    /// <summary>Every position every step.</summary>
    WholeLayer,
}
