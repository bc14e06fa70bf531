using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Encoding;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Tests.Core.Engine;

/// <summary>
/// The live path (1 ms steps, learning, HULK at every classification spike) allocates nothing per step once warm:
/// counted with <see cref="GC.GetAllocatedBytesForCurrentThread"/> around every step, a behaviour and not a timing.
/// The one allowed exception is a step in which the tracker opens a track: a new object gets a new
/// <see cref="SpikeSeg.Core.Tracking.Track"/> (per object, not per step); those steps are counted and bounded.
/// Buffers still grow (geometrically) at a step that sets a new record size, which is warm-up rather than garbage
/// per step; the window [3 s, 5 s) of this seeded scene holds no such record.
/// </summary>
public sealed class SteadyStateAllocationTests
{
    private const double WarmupSeconds = 3;
    private const double MeasuredSeconds = 2;

    [Fact]
    public void LearningStepsAllocateNothingOnceWarm()
    {
        var spec = PresetLoader.Load("sda-live");
        var options = new EngineOptions
        {
            StreamName = "alloc",
            Sensor = SensorGeometry.Davis240C,
            Learn = true,
            Continuous = true,
            FrameLifetime = FrameLifetime.ReusedUntilNextStep,
        };
        var engine = new SpikeSegEngine(spec, options, _ => { });
        var sink = new AllocationCountingSink(engine);
        var binner = new StepBinner(StepBinnerOptions.FromInput(spec.Input, options.Sensor, 0));
        long warmupEndUs = (long)(WarmupSeconds * 1e6);
        long binnerAndEngineBytes = 0;
        // Generated chunk by chunk (the generator's own allocations fall outside the counted calls).
        foreach (var chunk in SkySceneGenerator.Generate(SkyScenes.Create(SkyScenes.SdaDavis, WarmupSeconds + MeasuredSeconds, 7)))
        {
            var packet = chunk.Events;
            sink.Measuring = packet.Count > 0 && packet.TimestampUs[0] >= warmupEndUs;
            long before = GC.GetAllocatedBytesForCurrentThread();
            binner.Add(packet, sink);
            binnerAndEngineBytes += sink.Measuring ? GC.GetAllocatedBytesForCurrentThread() - before : 0;
        }

        // The window must exercise what could allocate: STDP updates (weights move) and classification spikes (HULK).
        Assert.True(sink.MeasuredSteps > 1000, $"only {sink.MeasuredSteps} steps measured");
        Assert.True(sink.MeasuredStdpUpdates > 0, "no STDP update in the measured window");
        Assert.True(sink.MeasuredClassificationSteps > 0, "no classification spike in the measured window");
        Assert.True(sink.AllocatedBytes == 0, $"{sink.AllocatedBytes} B over {sink.MeasuredSteps} steps; first allocating steps: {string.Join("; ", sink.Offenders)}");
        Assert.True(sink.NewTrackBytes <= sink.NewTrackSteps * 256, $"{sink.NewTrackBytes} B in {sink.NewTrackSteps} steps that opened a track");
        Assert.Equal(sink.NewTrackBytes, binnerAndEngineBytes);
    }

    /// <summary>Counts this thread's allocated bytes around each step the engine runs, and says which steps allocated.</summary>
    private sealed class AllocationCountingSink(SpikeSegEngine engine) : IStepSink
    {
        private readonly long[] _offenderBytes = new long[8];
        private readonly long[] _offenderSteps = new long[8];
        private readonly bool[] _offenderClassified = new bool[8];
        private int _offenders;
        private readonly string[] _notes = new string[8];

        public bool Measuring { get; set; }

        public long AllocatedBytes { get; private set; }

        public long MeasuredSteps { get; private set; }

        public long MeasuredStdpUpdates { get; private set; }

        public long MeasuredClassificationSteps { get; private set; }

        public IEnumerable<string> Offenders => Enumerable.Range(0, _offenders)
            .Select(i => $"step {_offenderSteps[i]} {_offenderBytes[i]} B{(_offenderClassified[i] ? " (classification spikes)" : "")} {_notes[i]}");

        public void OnStep(SparseStep step)
        {
            long stdp = engine.Statistics.StdpUpdates;
            int tracks = engine.Segmenter.Tracker.TracksCreated;
            long before = GC.GetAllocatedBytesForCurrentThread();
            engine.OnStep(step);
            Count(GC.GetAllocatedBytesForCurrentThread() - before, 1, step.StepIndex, stdp, tracks);
        }

        public void OnEmptySteps(long firstStepIndex, long stepCount, long firstStartUs)
        {
            long stdp = engine.Statistics.StdpUpdates;
            int tracks = engine.Segmenter.Tracker.TracksCreated;
            long before = GC.GetAllocatedBytesForCurrentThread();
            engine.OnEmptySteps(firstStepIndex, stepCount, firstStartUs);
            Count(GC.GetAllocatedBytesForCurrentThread() - before, stepCount, firstStepIndex, stdp, tracks);
        }

        public long NewTrackSteps { get; private set; }

        public long NewTrackBytes { get; private set; }

        private void Count(long bytes, long steps, long stepIndex, long stdpBefore, int tracksBefore)
        {
            if (!Measuring)
            {
                return;
            }

            bool classified = !engine.Conv3.Spikes.IsEmpty;
            MeasuredSteps += steps;
            MeasuredStdpUpdates += engine.Statistics.StdpUpdates - stdpBefore;
            MeasuredClassificationSteps += classified ? 1 : 0;
            if (engine.Segmenter.Tracker.TracksCreated != tracksBefore)
            {
                NewTrackSteps++;
                NewTrackBytes += bytes;
                return;
            }

            AllocatedBytes += bytes;
            if (bytes > 0 && _offenders < _offenderBytes.Length)
            {
                _offenderBytes[_offenders] = bytes;
                _offenderSteps[_offenders] = stepIndex;
                _offenderClassified[_offenders] = classified;
                _notes[_offenders] = $"stdp+{engine.Statistics.StdpUpdates - stdpBefore} c2={engine.Conv2.Learner?.Phase} c3={engine.Conv3.Learner?.Phase} steps={steps} c3spikes={engine.Conv3.Spikes.Length}";
                _offenders++;
            }
        }
    }
}
