using BenchmarkDotNet.Attributes;
using SpikeSeg.Core.Encoding;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Benchmarks.Encoding;

/// <summary>
/// Streaming input encoding of 1 M DAVIS 240×180 events (uniform pixels, ~1 event/µs on average) into 128×128×2
/// steps; one operation = the whole stream. Compare with <see cref="ReferenceVoxelGrid"/> building the dense grid
/// of the same events in 10 relative bins.
/// </summary>
[MemoryDiagnoser]
public class StepBinnerBenchmarks
{
    private const int Events = 1_000_000;
    private EventPacket _packet = null!;
    private long[] _t = null!;
    private int[] _x = null!;
    private int[] _y = null!;
    private int[] _p = null!;

    [Params(100L, 1000L, 100_000L)]
    public long StepUs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(1);
        _packet = new EventPacket(Events);
        _t = new long[Events];
        _x = new int[Events];
        _y = new int[Events];
        _p = new int[Events];
        long t = 0;
        for (int i = 0; i < Events; i++)
        {
            t += random.NextInt(3);
            _t[i] = t;
            _x[i] = random.NextInt(240);
            _y[i] = random.NextInt(180);
            _p[i] = random.NextInt(2);
            _packet.Add(t, _x[i], _y[i], (byte)_p[i]);
        }
    }

    [Benchmark]
    public long Stream()
    {
        var binner = new StepBinner(new StepBinnerOptions(SensorGeometry.Davis240C, 128, 128, 2, StepUs));
        var sink = new CountingSink();
        binner.Add(_packet, sink);
        binner.Flush(sink);
        return sink.Cells;
    }

    [Benchmark(Baseline = true)]
    public float ReferenceDense10Bins() =>
        ReferenceVoxelGrid.Build(_t, _x, _y, _p, SensorGeometry.Davis240C, new VoxelGridOptions(10, 128, 128, true))[0];

    private sealed class CountingSink : IStepSink
    {
        public long Cells { get; private set; }

        public void OnStep(SparseStep step) => Cells += step.Count;

        public void OnEmptySteps(long firstStepIndex, long stepCount, long firstStartUs)
        {
        }
    }
}
