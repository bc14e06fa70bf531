using System.Diagnostics;
using System.Threading.Channels;
using SpikeSeg.Actors.Runtime;
using SpikeSeg.Core;
using SpikeSeg.Core.Checkpoints;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Encoding;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Network;
using SpikeSeg.Core.Output;
using SpikeSeg.Core.Randomness;
using SpikeSeg.Streaming.Checkpoints;
using SpikeSeg.Streaming.Telemetry;

namespace SpikeSeg.Streaming.Pipeline;

/// <summary>
/// The live form of <see cref="SpikeSegEngine"/>: binner → conv1 actor → conv2 actor → conv3 actor → segmenter
/// actor → bounded frame channel, each actor with a bounded mailbox under one supervision table. Feed packets with
/// <see cref="FeedAsync"/> (it waits when the network is behind), read frames from <see cref="Frames"/>, finish with
/// <see cref="CompleteAsync"/>. Given the same input, configuration and seed, its frames equal the engine's.
/// </summary>
public sealed class SegmentationPipeline : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly IActorRef _conv1;
    private readonly StepBinner _binner;
    private readonly StepCollector _collector;

    /// <summary>
    /// Arrays for the steps' input cells, rented by the source and returned by the segmenter. Enough per size for
    /// every step that can be in flight (each of the four mailboxes full); more than that are left to the collector.
    /// </summary>
    private readonly System.Buffers.ArrayPool<InputCell> _inputPool;
    private readonly Channel<SegmentationFrame> _frames;
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly LayerHome[] _homes = new LayerHome[3];

    private SegmentationPipeline(NetworkSpec spec, EngineOptions options, PipelineOptions pipeline, long? originUs, ModelCheckpoint? checkpoint)
    {
        Spec = spec;
        Options = options;
        _frames = Channel.CreateBounded<SegmentationFrame>(new BoundedChannelOptions(pipeline.FrameCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _system = ActorSystem.Create("spikeseg-" + options.StreamName, new ActorSystemOptions
        {
            GuardianStrategy = pipeline.Supervision,
            TimeProvider = pipeline.TimeProvider,
            OnUnhandledFailure = (actor, ex) =>
            {
                _failed.TrySetException(new InvalidOperationException($"pipeline stage {actor.Name} failed beyond its restart budget: {ex.Message}", ex));
                _frames.Writer.TryComplete(ex);
            },
        });

        _inputPool = System.Buffers.ArrayPool<InputCell>.Create(maxArrayLength: 1 << 24, maxArraysPerBucket: (4 * pipeline.MailboxCapacity) + 8);
        var topology = EncoderTopology.From(spec);
        var initial = InitialWeights(spec, topology, options);
        if (checkpoint is not null)
        {
            string? problem = checkpoint.FindProblem();
            if (problem is not null)
            {
                throw new InvalidInputException($"checkpoint: {problem}");
            }

            for (int i = 0; i < 3; i++)
            {
                initial[i].SetAll(checkpoint.Layers[i].Weights);
            }
        }

        int firstLearner = SpikeSegEngine.FirstLearningStage(spec, options);
        var segmenterProps = Props.Create(() => new SegmenterActor(
            () => new Segmenter(topology, spec.Decoder, options.Sensor, options.Tracker, options.MaxUnravelsPerStep,
                Segmenter.Snapshot(initial[0], initial[1], initial[2]), options.Instances),
            options.StreamName, _frames.Writer, Counters, pipeline.StepObserver, _inputPool)) with { MailboxCapacity = pipeline.MailboxCapacity };
        var segmenter = _system.ActorOf(segmenterProps, "segmenter");
        IActorRef next = segmenter;
        for (int i = 2; i >= 0; i--)
        {
            var home = new LayerHome(i, spec, options, topology) { FaultInjector = pipeline.FaultInjector };
            if (checkpoint is not null)
            {
                var state = checkpoint.Layers[i];
                var phase = !options.Learn || !LayerLearns(spec, i) ? LearningPhase.Waiting
                    : i < checkpoint.Progress.CurrentLayer ? LearningPhase.Done
                    : i == checkpoint.Progress.CurrentLayer ? LearningPhase.Active
                    : LearningPhase.Waiting;
                home.Last = new LayerHome.Snapshot(initial[i].Snapshot(), state.Thresholds, phase, state.Wins.Select(w => (int)Math.Min(w, int.MaxValue)).ToArray(), 0);
            }

            _homes[i] = home;
            var weights = initial[i].Snapshot();
            var downstream = next;
            bool active = i == firstLearner;
            next = _system.ActorOf(Props.Create(() => new LayerActor(home, downstream, Counters, weights, active)) with { MailboxCapacity = pipeline.MailboxCapacity }, $"conv{i + 1}");
        }

        _conv1 = next;
        _binner = new StepBinner(StepBinnerOptions.FromInput(spec.Input, options.Sensor, originUs));
        _collector = new StepCollector(spec.Input.StepUs, spec.Input.StepsPerWindow, _inputPool);
    }

    public NetworkSpec Spec { get; }

    public EngineOptions Options { get; }

    public PipelineCounters Counters { get; } = new();

    public ChannelReader<SegmentationFrame> Frames => _frames.Reader;

    /// <summary>Faults when a stage fails beyond its restart budget.</summary>
    public Task Failure => _failed.Task;

    /// <summary>Mailbox depth of conv1 (what the source is waiting on).</summary>
    public int FramesQueued => _frames.Reader.Count;

    public static SegmentationPipeline Start(NetworkSpec spec, EngineOptions options, PipelineOptions? pipeline = null, long? originUs = null, ModelCheckpoint? checkpoint = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        return new SegmentationPipeline(spec, options, pipeline ?? new PipelineOptions(), originUs, checkpoint);
    }

    /// <summary>
    /// The model as of the last step every layer completed (each layer's last good snapshot). Call it once the frames
    /// have ended, so that all layers stand at the same step.
    /// </summary>
    public ModelCheckpoint Capture()
    {
        var layers = new List<LayerState>(3);
        int current = 3;
        for (int i = 0; i < 3; i++)
        {
            var last = _homes[i].Last;
            var weights = last?.Weights.Oihw.ToArray() ?? [];
            var w = last?.Weights;
            int channels = w?.OutChannels ?? 0;
            var wins = last is not null && last.Wins.Length == channels ? last.Wins.Select(x => (long)x).ToArray() : new long[channels];
            layers.Add(new LayerState($"conv{i + 1}", w is null ? [] : [w.OutChannels, w.InChannels, w.Kernel, w.Kernel], weights, last?.Thresholds ?? [], wins));
            if (last?.Phase == LearningPhase.Active && current == 3)
            {
                current = i;
            }
        }

        return new ModelCheckpoint
        {
            Spec = Spec,
            Layers = layers,
            Progress = new TrainingProgress
            {
                Phase = current == 3 ? TrainingPhase.Trained : TrainingPhase.Training,
                CurrentLayer = current,
                Step = Counters.StepsOut,
                RngState = new DeterministicRandom(Spec.Seed).GetState(),
            },
        };
    }

    public Task SaveCheckpointAsync(string path, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        CheckpointWriter.Write(path, Capture());
        return Task.CompletedTask;
    }

    private static bool LayerLearns(NetworkSpec spec, int index) => index switch
    {
        0 => spec.Conv1.Learns,
        1 => spec.Conv2.Learns,
        _ => spec.Conv3.Learns,
    };

    /// <summary>Bins a packet and sends its completed steps into the network, waiting while conv1's mailbox is full.</summary>
    public async Task FeedAsync(EventPacket packet, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(packet);
        Counters.AddEventsIn(packet.Count);
        SpikeSegTelemetry.EventsIn.Add(packet.Count, SpikeSegTelemetry.Stream(Options.StreamName));
        _binner.Add(packet, _collector);
        await SendCollectedAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Flushes the last step and sends the end-of-stream marker; frames end when it has passed every stage.</summary>
    public async Task CompleteAsync(CancellationToken ct = default)
    {
        _binner.Flush(_collector);
        await SendCollectedAsync(ct).ConfigureAwait(false);
        await _conv1.TellAsync(new EndOfStream(Counters.StepsIn), null, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await _system.ShutdownAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

    private async Task SendCollectedAsync(CancellationToken ct)
    {
        long binnedBefore = Counters.EventsBinned, droppedBefore = Counters.EventsDropped;
        Counters.SetBinner(_binner.EventsBinned, _binner.DroppedOutOfRange + _binner.DroppedLate);
        RecordBinnerDeltas(Counters.EventsBinned - binnedBefore, Counters.EventsDropped - droppedBefore);
        foreach (var message in _collector.Drain())
        {
            ct.ThrowIfCancellationRequested();
            if (_failed.Task.IsFaulted)
            {
                await _failed.Task.ConfigureAwait(false);
            }

            if (message is PipelineStep)
            {
                Counters.AddStepIn();
            }

            await _conv1.TellAsync(message, null, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// C = mean(w(1−w)) of each layer's weights as of its last completed step (NaN before a layer's first step).
    /// Safe from any thread: it reads the immutable snapshots the layer actors publish.
    /// </summary>
    public IReadOnlyList<double> LayerConvergence()
    {
        var result = new double[3];
        for (int i = 0; i < 3; i++)
        {
            var last = _homes[i].Last;
            result[i] = last is null ? double.NaN : ConvergenceMetric.Compute(last.Weights.Oihw);
        }

        return result;
    }

    private void RecordBinnerDeltas(long processed, long dropped)
    {
        var stream = SpikeSegTelemetry.Stream(Options.StreamName);
        if (processed > 0)
        {
            SpikeSegTelemetry.EventsProcessed.Add(processed, stream);
        }

        if (dropped > 0)
        {
            SpikeSegTelemetry.EventsDropped.Add(dropped, stream, new KeyValuePair<string, object?>("reason", "binner"));
        }
    }

    /// <summary>The same initial weights as <see cref="SpikeSegEngine"/> draws (same order, same seed).</summary>
    private static ConvWeights[] InitialWeights(NetworkSpec spec, EncoderTopology topology, EngineOptions options)
    {
        var stages = Enumerable.Range(0, 3).Select(i => SpikeSegEngine.CreateStage(i, topology, spec, options)).ToArray();
        SpikeSegEngine.InitialiseWeights(spec, stages[0].Layer, stages[1].Layer, stages[2].Layer, new DeterministicRandom(spec.Seed));
        return stages.Select(s => s.Layer.Weights).ToArray();
    }

    /// <summary>Turns binner callbacks into owned step messages (copies of the cells in pooled arrays), with the engine's gap rule.</summary>
    private sealed class StepCollector(long stepUs, int stepsPerWindow, System.Buffers.ArrayPool<InputCell> inputPool) : IStepSink
    {
        private readonly List<object> _pending = [];

        public long MaxSimulatedEmptySteps { get; init; } = 10_000;

        public void OnStep(SparseStep step)
        {
            // In canonical order, as the engine hands them over: conv1 takes them without sorting.
            var rented = inputPool.Rent(step.Count);
            step.CopyCanonicalTo(rented.AsSpan(0, step.Count));

            _pending.Add(Message(step.StepIndex, step.StartUs, step.EndUs, (int)step.EventCount, rented.AsMemory(0, step.Count)) with { RentedInput = rented });
        }

        public void OnEmptySteps(long firstStepIndex, long stepCount, long firstStartUs)
        {
            if (stepCount > MaxSimulatedEmptySteps)
            {
                // The engine's rule: reset, then simulate only the last window's worth of the silence.
                long skipped = stepCount - stepsPerWindow;
                _pending.Add(new GapReset(skipped));
                firstStepIndex += skipped;
                firstStartUs += skipped * stepUs;
                stepCount -= skipped;
            }

            for (long k = 0; k < stepCount; k++)
            {
                long start = firstStartUs + (k * stepUs);
                _pending.Add(Message(firstStepIndex + k, start, start + stepUs, 0, ReadOnlyMemory<InputCell>.Empty));
            }
        }

        public List<object> Drain()
        {
            var drained = new List<object>(_pending);
            _pending.Clear();
            return drained;
        }

        private static PipelineStep Message(long index, long start, long end, int events, ReadOnlyMemory<InputCell> cells) =>
            new(index, start, end, events, cells, cells, [], [], [], null, null, null, false) { InputCompleteTimestamp = Stopwatch.GetTimestamp() };

    }
}
