using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Core.Encoding;

/// <summary>
/// The streaming input encoder: cuts a time-ordered event stream into fixed steps of dt µs on absolute event
/// time (step k covers [t0 + k·dt, t0 + (k + 1)·dt)), resizes coordinates with the reference formula, counts
/// events per (channel, y, x), normalises each step by its own maximum and emits the step as a sparse list.
/// </summary>
/// <remarks>
/// <para>
/// How this differs from the reference's <c>events_to_voxel_grid</c> (<see cref="ReferenceVoxelGrid"/>), and why:
/// the reference bins a whole, already-cut sample <em>relative to its own first and last event</em>, so its T bins
/// stretch or shrink with the sample and the configured <c>timestep_ms</c> is never used. A live stream has no
/// last event, and a bin width that depends on data not yet seen would make the network's time constants (leak per
/// step, homeostasis per window) change with event rate. Here a step is a fixed dt of absolute time, so the same
/// events always fall in the same step whatever arrives later, and restoring mid-stream reproduces the same input.
/// When a sample spans exactly T·dt starting at its first event the two agree except for the reference's
/// T − 1e−6 squeeze of the very last event into bin T − 1.
/// </para>
/// <para>
/// Everything else follows the reference: the resize formula (round-half-even, clip), count accumulation and
/// normalisation of each step by its own maximum over all channels and pixels (so values lie in (0, 1]).
/// Polarity uses the fixed mapping (ON → channel 0, OFF → channel 1, reference-semantics §16.4), not the
/// reference's per-sample data-dependent rule, which a stream cannot evaluate before the sample ends.
/// </para>
/// <para>
/// Bad input is counted, never thrown: events outside the sensor go to <see cref="DroppedOutOfRange"/>, events
/// older than the open step (time going backwards) to <see cref="DroppedLate"/>. Steps without events are
/// reported as runs through <see cref="IStepSink.OnEmptySteps"/>, so a timestamp jump costs one call, not one per
/// step. After warm-up (the largest step seen) nothing is allocated per step or per event.
/// </para>
/// </remarks>
public sealed class StepBinner
{
    private readonly StepBinnerOptions _options;
    // The resize formula evaluated once per sensor column and row: the per-event cost is then two loads.
    private readonly int[] _columnOf;
    private readonly int[] _rowOf;
    private readonly int _channels;
    private readonly int[] _counts;
    private readonly SparseStep _step = new();
    // Cells with a nonzero count in the open step: a bitmap enumerates them in ascending (y, x, channel) order
    // without a sort, at a cost that follows the cells touched.
    private readonly Network.PositionSet _touched;

    private bool _started;
    private long _originUs;
    private long _stepIndex;
    private long _stepStartUs;
    private long _stepEndUs;
    private long _pendingEmptyFirst;
    private long _pendingEmptyCount;
    private long _pendingEmptyStartUs;

    public StepBinner(StepBinnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _channels = options.PolarityChannels;
        _columnOf = ResizeTable(options.Sensor.Width, options.Width);
        _rowOf = ResizeTable(options.Sensor.Height, options.Height);
        _counts = new int[options.Width * options.Height * _channels];
        _touched = new Network.PositionSet(_counts.Length);
    }

    public StepBinnerOptions Options => _options;

    /// <summary>Events inside the sensor that were counted into a step.</summary>
    public long EventsBinned { get; private set; }

    /// <summary>Events with x or y outside the sensor, dropped.</summary>
    public long DroppedOutOfRange { get; private set; }

    /// <summary>Events older than the open step (or too large to place), dropped.</summary>
    public long DroppedLate { get; private set; }

    /// <summary>Steps handed to the sink so far, empty ones included.</summary>
    public long StepsEmitted { get; private set; }

    /// <summary>Index of the step that will be emitted next (the open one once the stream has started).</summary>
    public long NextStepIndex => _started ? _stepIndex : 0;

    /// <summary>Bins every event of <paramref name="packet"/>; emits every step that ends before an event of this packet.</summary>
    /// <remarks>
    /// The events of the open step go through <see cref="BinWithinStep"/>, a loop without calls; this loop only
    /// handles the event that stopped it (outside the sensor, or past the open step). With the sink call inside the
    /// per-event loop, every value live in it had to survive a call, and the JIT kept most of them on the stack.
    /// </remarks>
    public void Add<TSink>(EventPacket packet, TSink sink)
        where TSink : IStepSink
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(sink);
        ReadOnlySpan<long> t = packet.TimestampUs;
        ReadOnlySpan<ushort> xs = packet.X;
        ReadOnlySpan<ushort> ys = packet.Y;
        SensorGeometry sensor = _options.Sensor;
        int i = 0;
        while (i < t.Length)
        {
            int stop = BinWithinStep(packet, i);
            if (stop >= t.Length)
            {
                break;
            }

            i = stop + 1;
            if (!sensor.Contains(xs[stop], ys[stop]))
            {
                DroppedOutOfRange++;
                continue;
            }

            if (!_started)
            {
                Start(t[stop]);
            }

            if (!MoveToStepOf(t[stop], sink))
            {
                DroppedLate++;
                continue;
            }

            // Counted here, not by the next run: the step that ends at the end of time holds its last instant.
            Count(xs[stop], ys[stop], packet.Polarity[stop]);
            EventsBinned++;
        }
    }

    private void Count(int x, int y, byte polarity)
    {
        int flat = Cell(_rowOf[y], _columnOf[x], _options.Width, _channels, polarity);
        _counts[flat]++;
        _touched.Add(flat);
    }

    /// <summary>
    /// The counted cell of an event at a resized (row, column), flattened channel innermost. The channel is 1 for
    /// OFF (polarity 0) when there are two channels, else 0, by arithmetic: ((p − 1) >>> 31) is 1 exactly for p = 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Cell(int row, int column, int width, int channels, byte polarity) =>
        (((row * width) + column) * channels) + ((int)((uint)(polarity - 1) >> 31) & (channels - 1));

    /// <summary>
    /// Counts events from <paramref name="start"/> on while they lie inside the sensor and the open step; returns
    /// the index of the first that does not (or the packet's end). Before the first event the open step is empty,
    /// so the first event stops it.
    /// </summary>
    /// <remarks>
    /// Runs once per step (or per packet), too few calls for tiered compilation to reach its optimised code in a
    /// short stream, so it is compiled fully optimised from the start. The loop costs a few nanoseconds per event,
    /// so it avoids what a branch predictor cannot guess: the channel comes from the polarity by arithmetic
    /// (<see cref="Cell"/>; a branch on a random polarity mispredicts every other event) and every counted cell is marked in the bitmap
    /// (a bit-or) rather than only a cell's first event. The column, row and cell indices are in range by
    /// construction (x and y were checked against the sensor, the resize tables map into the output), so the
    /// arrays are read by reference without bounds checks.
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int BinWithinStep(EventPacket packet, int start)
    {
        int n = packet.Count;
        ref long t = ref MemoryMarshal.GetReference(packet.TimestampUs);
        ref ushort xs = ref MemoryMarshal.GetReference(packet.X);
        ref ushort ys = ref MemoryMarshal.GetReference(packet.Y);
        ref byte ps = ref MemoryMarshal.GetReference(packet.Polarity);
        uint sensorWidth = (uint)_options.Sensor.Width;
        uint sensorHeight = (uint)_options.Sensor.Height;
        int width = _options.Width;
        int channels = _channels;
        ref int counts = ref MemoryMarshal.GetArrayDataReference(_counts);
        ref int rowOf = ref MemoryMarshal.GetArrayDataReference(_rowOf);
        ref int columnOf = ref MemoryMarshal.GetArrayDataReference(_columnOf);
        var touched = _touched;
        // One unsigned compare tests stepStart ≤ t < stepEnd (exact in wrapping arithmetic); an empty step before the first event.
        long stepStart = _started ? _stepStartUs : 0;
        ulong stepLength = _started ? (ulong)(_stepEndUs - _stepStartUs) : 0;
        int i = start;
        for (; i < n; i++)
        {
            int x = Unsafe.Add(ref xs, i);
            int y = Unsafe.Add(ref ys, i);
            if ((uint)x >= sensorWidth || (uint)y >= sensorHeight || (ulong)(Unsafe.Add(ref t, i) - stepStart) >= stepLength)
            {
                break;
            }

            int flat = Cell(Unsafe.Add(ref rowOf, y), Unsafe.Add(ref columnOf, x), width, channels, Unsafe.Add(ref ps, i));
            Unsafe.Add(ref counts, flat)++;
            touched.AddInRange(flat);
        }

        EventsBinned += i - start;
        return i;
    }

    /// <summary>
    /// Live use: declares that no event older than <paramref name="timeUs"/> will come, closing every step that
    /// ends at or before it. Does nothing before the first event (without an explicit origin).
    /// </summary>
    public void AdvanceTo<TSink>(long timeUs, TSink sink)
        where TSink : IStepSink
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (!_started)
        {
            if (_options.OriginUs is not long origin)
            {
                return;
            }

            Start(origin);
        }

        MoveToStepOf(timeUs, sink);

        FlushEmptyRun(sink);
    }

    /// <summary>End of stream: emits the open (possibly partial) step and any pending empty run. Call once.</summary>
    public void Flush<TSink>(TSink sink)
        where TSink : IStepSink
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_started)
        {
            CloseStep(sink);
            SetStep(_stepIndex + 1, _stepEndUs);
        }

        FlushEmptyRun(sink);
    }

    private void Start(long firstTimestampUs)
    {
        _started = true;
        _originUs = _options.OriginUs ?? firstTimestampUs;
        SetStep(0, _originUs);
    }

    /// <summary>Closes steps until the open one contains <paramref name="timestampUs"/>; false if it is already past.</summary>
    private bool MoveToStepOf<TSink>(long timestampUs, TSink sink)
        where TSink : IStepSink
    {
        long dt = _options.StepUs;
        if (timestampUs < _stepStartUs)
        {
            return false;
        }

        // Unsigned difference: exact for any pair with timestampUs ≥ _stepStartUs.
        ulong ahead = ((ulong)timestampUs - (ulong)_stepStartUs) / (ulong)dt;
        if (ahead == 0)
        {
            return true;
        }

        if ((Int128)_stepStartUs + ((Int128)(ahead + 1) * dt) > long.MaxValue)
        {
            return false;
        }

        CloseStep(sink);
        long skipped = (long)ahead - 1;
        if (skipped > 0)
        {
            AddEmpty(_stepIndex + 1, skipped, _stepStartUs + dt);
        }

        SetStep(_stepIndex + (long)ahead, _stepStartUs + ((long)ahead * dt));
        return true;
    }

    private void SetStep(long index, long startUs)
    {
        _stepIndex = index;
        _stepStartUs = startUs;
        // Saturates at the end of time; MoveToStepOf refuses events that would need a later step.
        _stepEndUs = startUs > long.MaxValue - _options.StepUs ? long.MaxValue : startUs + _options.StepUs;
    }

    private static int[] ResizeTable(int sensorSize, int outputSize)
    {
        var resize = new CoordinateResize(sensorSize, outputSize);
        var table = new int[sensorSize];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = resize.Map(i);
        }

        return table;
    }

    private void CloseStep<TSink>(TSink sink)
        where TSink : IStepSink
    {
        if (_touched.IsEmpty)
        {
            AddEmpty(_stepIndex, 1, _stepStartUs);
            return;
        }

        FlushEmptyRun(sink);
        // The cell count and the step maximum are taken here rather than per event (fewer values live in Add's loop).
        int cells = 0;
        var counting = _touched.Words();
        while (counting.MoveNext())
        {
            cells += BitOperations.PopCount(counting.Bits);
        }

        _step.Begin(_stepIndex, _stepStartUs, _stepStartUs + _options.StepUs, cells);
        int width = _options.Width;
        int channels = _channels;
        int[] counts = _counts;
        int max = 0;
        int i = 0;
        var words = _touched.Words();
        while (words.MoveNext())
        {
            // Cells of a step are mostly isolated, so bits are walked one by one; (y, x, channel) comes from one
            // division per word and a short count along the row (a division per cell cost as much as the rest).
            int wordStart = words.Index << 6;
            int basePixel = Math.DivRem(wordStart, channels, out int baseChannel);
            int baseY = Math.DivRem(basePixel, width, out int baseX);
            ulong bits = words.Bits;
            while (bits != 0)
            {
                int bit = BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                int flat = wordStart + bit;
                int raw = counts[flat];
                counts[flat] = 0;
                max = Math.Max(max, raw);
                int offset = baseChannel + bit;
                int pixels = channels == 2 ? offset >> 1 : offset / channels;
                int channel = offset - (pixels * channels);
                int x = baseX + pixels;
                int y = baseY;
                while (x >= width)
                {
                    x -= width;
                    y++;
                }

                _step.Set(i++, y, x, channel, raw);
            }
        }

        _step.Finish(max, _options.Normalize ? max : 1f);
        _touched.Clear();
        StepsEmitted++;
        sink.OnStep(_step);
    }

    private void AddEmpty(long firstIndex, long count, long firstStartUs)
    {
        if (_pendingEmptyCount == 0)
        {
            _pendingEmptyFirst = firstIndex;
            _pendingEmptyStartUs = firstStartUs;
        }

        _pendingEmptyCount += count;
    }

    private void FlushEmptyRun<TSink>(TSink sink)
        where TSink : IStepSink
    {
        if (_pendingEmptyCount == 0)
        {
            return;
        }

        long count = _pendingEmptyCount;
        _pendingEmptyCount = 0;
        StepsEmitted += count;
        sink.OnEmptySteps(_pendingEmptyFirst, count, _pendingEmptyStartUs);
    }
}
