using System.Runtime.InteropServices;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Encoding;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Network;
using SpikeSeg.Core.Output;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Core.Engine;

/// <summary>
/// The whole network for one stream on one thread: steps from the <see cref="StepBinner"/> go through conv1 →
/// pool1 → conv2 → pool2 → conv3 (each a <see cref="LayerStage"/>), online STDP in the learning layer, then the
/// <see cref="Segmenter"/>. This is the reference run the multi-actor pipeline must reproduce exactly, and the
/// engine behind <c>segment</c>, <c>demo</c> and <c>bench</c>.
/// </summary>
public sealed class SpikeSegEngine : IStepSink
{
    private readonly List<InputCell> _cells = [];
    private readonly LayerStage[] _stages;
    private readonly Action<SegmentationFrame> _onFrame;
    private readonly int _stepsPerWindow;

    public SpikeSegEngine(NetworkSpec spec, EngineOptions options, Action<SegmentationFrame> onFrame)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        Spec = spec;
        Options = options;
        _onFrame = onFrame ?? throw new ArgumentNullException(nameof(onFrame));
        _stepsPerWindow = spec.Input.StepsPerWindow;
        Topology = EncoderTopology.From(spec);
        Random = new DeterministicRandom(spec.Seed);
        Conv1 = CreateStage(0, Topology, spec, options);
        Conv2 = CreateStage(1, Topology, spec, options);
        Conv3 = CreateStage(2, Topology, spec, options);
        _stages = [Conv1, Conv2, Conv3];
        InitialiseWeights(spec, Conv1.Layer, Conv2.Layer, Conv3.Layer, Random);
        ActivateNextLearner(-1);
        Segmenter = new Segmenter(Topology, spec.Decoder, options.Sensor, options.Tracker, options.MaxUnravelsPerStep,
            Segmenter.Snapshot(Conv1.Layer.Weights, Conv2.Layer.Weights, Conv3.Layer.Weights), options.Instances)
        {
            FrameLifetime = options.FrameLifetime,
        };
    }

    public NetworkSpec Spec { get; }

    public EngineOptions Options { get; }

    public EncoderTopology Topology { get; }

    public DeterministicRandom Random { get; }

    public LayerStage Conv1 { get; }

    public LayerStage Conv2 { get; }

    public LayerStage Conv3 { get; }

    /// <summary>conv1, conv2, conv3 (one array for the engine's life: steps read it without allocating).</summary>
    public IReadOnlyList<LayerStage> Stages => _stages;

    public Segmenter Segmenter { get; }

    public EngineStatistics Statistics { get; } = new();

    /// <summary>When set, each step adds its time per stage here (benchmarks); null costs nothing.</summary>
    public StageTimes? StageTimes { get; set; }

    /// <summary>Quiet gaps longer than this many steps reset the network instead of being simulated step by step.</summary>
    public long MaxSimulatedEmptySteps { get; init; } = 10_000;

    /// <summary>Index of the next step (steps are numbered from the stream's first event).</summary>
    public long NextStep { get; private set; }

    /// <summary>Writes conv1's fixed DoG bank (or a random init) and the learned layers' initial weights, in that order of draws.</summary>
    public static void InitialiseWeights(NetworkSpec spec, ISpikingLayer conv1, ISpikingLayer conv2, ISpikingLayer conv3, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(conv1);
        ArgumentNullException.ThrowIfNull(conv2);
        ArgumentNullException.ThrowIfNull(conv3);
        var bounds = WeightBounds.From(spec.Learning);
        if (spec.Learning.DogConv1)
        {
            conv1.Weights.SetAll(FilterBanks.Conv1DogInit(conv1.Weights.OutChannels, conv1.Weights.InChannels, conv1.Weights.Kernel));
        }
        else
        {
            var w1 = new float[conv1.Weights.Oihw.Length];
            WeightInitializer.Fill(w1, spec.Learning.InitMean, spec.Learning.InitStd, bounds, random);
            conv1.Weights.SetAll(w1);
        }

        var w2 = new float[conv2.Weights.Oihw.Length];
        var w3 = new float[conv3.Weights.Oihw.Length];
        WeightInitializer.InitializeLearnedLayers(w2, w3, spec.Learning, random);
        conv2.Weights.SetAll(w2);
        conv3.Weights.SetAll(w3);
    }

    public void OnStep(SparseStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        RunStep(step.StepIndex, step.StartUs, step.EndUs, (int)step.EventCount, ToCanonicalCells(step));
    }

    /// <summary>The step's cells as conv1 input, in the canonical order the layer takes as is.</summary>
    private ReadOnlySpan<InputCell> ToCanonicalCells(SparseStep step)
    {
        CollectionsMarshal.SetCount(_cells, step.Count);
        var cells = CollectionsMarshal.AsSpan(_cells);
        step.CopyCanonicalTo(cells);
        return cells;
    }

    public void OnEmptySteps(long firstStepIndex, long stepCount, long firstStartUs)
    {
        long dt = Spec.Input.StepUs;
        if (stepCount > MaxSimulatedEmptySteps)
        {
            // A long silence: leaky neurons would have decayed; simulate the tail only, after a reset.
            long skipped = stepCount - _stepsPerWindow;
            foreach (var stage in _stages)
            {
                stage.ResetState();
            }

            Statistics.GapResets++;
            Statistics.StepsSkippedInGaps += skipped;
            firstStepIndex += skipped;
            firstStartUs += skipped * dt;
            stepCount -= skipped;
        }

        for (long k = 0; k < stepCount; k++)
        {
            long start = firstStartUs + (k * dt);
            RunStep(firstStepIndex + k, start, start + dt, 0, []);
            Statistics.EmptySteps++;
        }
    }

    /// <summary>One network step on its active input cells (any order).</summary>
    public void RunStep(long stepIndex, long startUs, long endUs, int events, ReadOnlySpan<InputCell> cells)
    {
        int stepInWindow = (int)(stepIndex % _stepsPerWindow);
        if (stepInWindow == 0 && !Options.Continuous)
        {
            foreach (var stage in _stages)
            {
                stage.ResetState();
            }
        }

        var times = StageTimes;
        long lap = times?.Now() ?? 0;
        int updates = Conv1.Step(cells, stepInWindow);
        lap = times?.Lap(EngineStage.Conv1, lap) ?? 0;
        updates += Conv2.Step(Conv1.Output, stepInWindow);
        lap = times?.Lap(EngineStage.Conv2, lap) ?? 0;
        updates += Conv3.Step(Conv2.Output, stepInWindow);
        lap = times?.Lap(EngineStage.Conv3, lap) ?? 0;
        Statistics.Steps++;
        Statistics.Events += events;
        Statistics.Conv1Spikes += Conv1.Spikes.Length;
        Statistics.Conv2Spikes += Conv2.Spikes.Length;
        Statistics.Conv3Spikes += Conv3.Spikes.Length;
        Statistics.StdpUpdates += updates;

        Segmenter.UpdateWeights(Conv1.Layer.Weights, Conv2.Layer.Weights, Conv3.Layer.Weights);
        var frame = Segmenter.Segment(Options.StreamName, stepIndex, startUs, endUs, events, Conv1.Pooled, Conv2.Pooled, Conv3.Spikes, cells);
        if (frame.Instances.Count > 0)
        {
            Statistics.Instances += frame.Instances.Count;
            Statistics.FramesWithInstances++;
        }

        times?.Lap(EngineStage.Segmenter, lap);
        _onFrame(frame);
        if (stepInWindow == _stepsPerWindow - 1)
        {
            lap = times?.Now() ?? 0;
            EndWindow();
            times?.Lap(EngineStage.WindowEnd, lap);
        }

        NextStep = stepIndex + 1;
    }

    /// <summary>Continues numbering after a restored checkpoint (the binner's step origin is the caller's concern).</summary>
    public void ResumeAt(long nextStep) => NextStep = nextStep;

    /// <summary>Convergence metric C = mean(w(1 − w)) of each layer's weights.</summary>
    public (double Conv1, double Conv2, double Conv3) Convergence() =>
        (ConvergenceMetric.Compute(Conv1.Layer.Weights.Oihw), ConvergenceMetric.Compute(Conv2.Layer.Weights.Oihw), ConvergenceMetric.Compute(Conv3.Layer.Weights.Oihw));

    private void EndWindow()
    {
        Statistics.Windows++;
        int stopped = -1;
        for (int i = 0; i < 3; i++)
        {
            if (_stages[i].EndWindow() && stopped < 0)
            {
                stopped = i;
            }
        }

        if (stopped >= 0)
        {
            ActivateNextLearner(stopped);
        }
    }

    private void ActivateNextLearner(int after)
    {
        for (int i = after + 1; i < 3; i++)
        {
            var learner = _stages[i].Learner;
            if (learner is not null && learner.Phase == LearningPhase.Waiting)
            {
                learner.Activate(_stages[i].Layer);
                return;
            }
        }
    }

    /// <summary>Builds stage <paramref name="index"/> (0 = conv1) exactly as both the engine and the layer actors need it.</summary>
    public static LayerStage CreateStage(int index, EncoderTopology topology, NetworkSpec spec, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var (name, geometry, layer, pool) = index switch
        {
            0 => ("conv1", topology.Conv1Geometry, spec.Conv1, (PoolGeometry?)topology.Pool1Geometry),
            1 => ("conv2", topology.Conv2Geometry, spec.Conv2, topology.Pool2Geometry),
            2 => ("conv3", topology.Conv3Geometry, spec.Conv3, null),
            _ => throw new ArgumentOutOfRangeException(nameof(index), index, "stages are 0..2"),
        };
        var neuron = NeuronParameters.From(layer);
        ISpikingLayer spiking = options.Engine == EncoderEngine.Dense ? new DenseSpikingLayer(geometry, neuron) : new EventDrivenSpikingLayer(geometry, neuron) { KeepsCurrents = false };
        ISpikePool? pooling = pool is null ? null
            : options.Engine == EncoderEngine.Dense ? new DenseSpikePooling(pool) : new EventDrivenSpikePooling(pool);
        var learner = options.Learn && layer.Learns ? new OnlineLearner(geometry, spec.Learning, options.WindowsPerEpoch) : null;
        spiking.FireOnce = !options.Continuous;
        return new LayerStage(name, spiking, pooling, learner, layer.InhibitAcrossMaps, LayerStage.StageRandom(spec.Seed, index));
    }

    /// <summary>Index of the first stage that learns (it starts active), or −1.</summary>
    public static int FirstLearningStage(NetworkSpec spec, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Learn)
        {
            return -1;
        }

        LayerSpec[] layers = [spec.Conv1, spec.Conv2, spec.Conv3];
        return Array.FindIndex(layers, l => l.Learns);
    }
}
