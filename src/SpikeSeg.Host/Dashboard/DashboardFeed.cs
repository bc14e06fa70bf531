using SpikeSeg.Core.Events;
using SpikeSeg.Core.Network;
using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Pipeline;

namespace SpikeSeg.Host.Dashboard;

/// <summary>
/// One stream's tap for the dashboard. The segmenter thread folds steps into frames under a short lock and leaves the
/// newest sealed frame in a one-slot mailbox; the publisher takes it at its own pace. A sealed frame replaced before
/// the publisher took it is stale and counted (<see cref="FramesStale"/>), never queued: the pipeline never waits.
/// </summary>
internal sealed class DashboardFeed : IStepObserver
{
    /// <summary>Layers the dashboard follows (the encoder's three convolutions).</summary>
    public const int Layers = 3;

    private readonly Lock _gate = new();
    private readonly FrameAccumulator _accumulator;
    private readonly Action<DashboardFrame> _onSealed;
    private readonly long[] _spikes = new long[Layers];
    private DashboardFrame? _latest;
    private ConvWeightsSnapshot? _conv1, _conv2, _conv3;
    private Func<DashboardCounters> _counters = () => DashboardCounters.None;
    private long _framesSealed, _framesStale, _observerFailures;

    public DashboardFeed(string name, int inputWidth, int inputHeight, SensorGeometry sensor, long stepUs, long frameUs = 33_333)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepUs, 1);
        Name = name;
        InputWidth = inputWidth;
        InputHeight = inputHeight;
        Sensor = sensor;
        StepUs = stepUs;
        int stepsPerFrame = (int)Math.Max(1, Math.Round((double)frameUs / stepUs));
        _accumulator = new FrameAccumulator(name, inputWidth, inputHeight, sensor, stepsPerFrame);
        _onSealed = OnSealed;
        Learning = new LearningTracker(this);
    }

    public string Name { get; }

    public int InputWidth { get; }

    public int InputHeight { get; }

    public SensorGeometry Sensor { get; }

    public long StepUs { get; }

    public int StepsPerFrame => _accumulator.StepsPerFrame;

    /// <summary>Test hook: sees every sealed frame on the segmenter thread (the publisher only sees the newest).</summary>
    public Action<DashboardFrame>? Sealed { get; set; }

    /// <summary>Publisher-side learning state (convergence history, spike rates, kernel versions).</summary>
    internal LearningTracker Learning { get; }

    public long FramesSealed => Interlocked.Read(ref _framesSealed);

    /// <summary>Sealed frames replaced by a newer one before the publisher took them.</summary>
    public long FramesStale => Interlocked.Read(ref _framesStale);

    /// <summary>Steps the tap could not fold (a bug, never a reason to disturb the segmenter).</summary>
    public long ObserverFailures => Interlocked.Read(ref _observerFailures);

    public DashboardCounters Counters() => Volatile.Read(ref _counters)();

    /// <summary>Where the running totals come from (the stream's pipeline counters and source); set when a pipeline starts.</summary>
    public void UseCounters(Func<DashboardCounters> counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        Volatile.Write(ref _counters, counters);
    }

    public void OnStep(PipelineStep step, SegmentationFrame frame)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            lock (_gate)
            {
                _accumulator.Add(step, frame, _onSealed);
            }

            if (step.Conv1Weights is { } w1)
            {
                Volatile.Write(ref _conv1, w1);
            }

            if (step.Conv2Weights is { } w2)
            {
                Volatile.Write(ref _conv2, w2);
            }

            if (step.Conv3Weights is { } w3)
            {
                Volatile.Write(ref _conv3, w3);
            }
        }
#pragma warning disable CA1031 // A display bug must never restart the segmenter: count it and go on.
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _observerFailures);
        }
    }

    /// <summary>The newest sealed frame not yet taken, or null.</summary>
    public DashboardFrame? TakeLatest() => Interlocked.Exchange(ref _latest, null);

    /// <summary>The weight snapshots of the last step (null before the first).</summary>
    public (ConvWeightsSnapshot? Conv1, ConvWeightsSnapshot? Conv2, ConvWeightsSnapshot? Conv3) Weights() =>
        (Volatile.Read(ref _conv1), Volatile.Read(ref _conv2), Volatile.Read(ref _conv3));

    /// <summary>Total spikes of each layer so far (from the layers' telemetry).</summary>
    public long Spikes(int layer) => Interlocked.Read(ref _spikes[layer]);

    internal void AddSpikes(int layer, long spikes) => Interlocked.Add(ref _spikes[layer], spikes);

    private void OnSealed(DashboardFrame frame)
    {
        Interlocked.Increment(ref _framesSealed);
        Sealed?.Invoke(frame);
        if (Interlocked.Exchange(ref _latest, frame) is not null)
        {
            Interlocked.Increment(ref _framesStale);
            DashboardTelemetry.UpdatesDropped.Add(1, DashboardTelemetry.Stale);
        }
    }
}
