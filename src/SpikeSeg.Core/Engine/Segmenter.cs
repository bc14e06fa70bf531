using System.Runtime.InteropServices;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Decoding;
using SpikeSeg.Core.Network;
using SpikeSeg.Core.Output;
using SpikeSeg.Core.Segmentation;
using SpikeSeg.Core.Tracking;

namespace SpikeSeg.Core.Engine;

/// <summary>
/// Turns one step's classification spikes into tracked instances: HULK unravels each spike through the tied
/// weights with the pooling indices of that same step (reference-semantics §16.2 fixed), SMASH groups the
/// results into objects, and the tracker gives each object a stable track id. HULK reads the segmenter's own copy
/// of the tied weights: a layer's weights are copied into it, in place, only when a step has classification spikes
/// to unravel and that layer's weights moved since the last copy — while a layer learns its version moves at
/// almost every step, and most steps have nothing to unravel. Every buffer is reused from step to step, so the
/// live path (<see cref="FrameLifetime.ReusedUntilNextStep"/>) allocates nothing per step in the steady state.
/// </summary>
public sealed class Segmenter
{
    private readonly EncoderTopology _topology;
    private readonly DecoderSpec _decoder;
    private readonly NetworkCoordinates _coordinates;
    private readonly InstanceTracker _tracker;
    private readonly int _maxUnravels;
    private readonly SnapshotSource _weights = new();
    private readonly HulkUnraveller _hulk;
    private readonly StepPoolIndices _pool1Indices;
    private readonly StepPoolIndices _pool2Indices;
    private readonly PoolIndexHistory _history;
    // Buffers are sized up front for the live path, so that growing them is rare after the first steps.
    private const int UnionCapacity = 4096;
    private const int TracesUpFront = 4;
    private readonly List<HulkTrace> _traces = new(16);
    private readonly List<BoundingBox> _boxes = new(16);
    private readonly List<ActivityHash> _hashes = new(16);
    private int[] _smashParent = new int[16];
    private int[] _objectOf = new int[16];
    private readonly List<LayerSpike> _clusterSpikes = new(256);
    private readonly List<LayerSpike> _representatives = new(64);
    private readonly List<int> _stack = new(256);
    private bool[] _visited = new bool[256];
    private readonly List<int> _union = new(UnionCapacity);
    private readonly int[] _unionStamp;
    private int _unionGeneration;
    private readonly long[] _activeStamp;
    private readonly float[] _activeWeight;
    private readonly long[] _claimedStamp;
    private long _stepStamp;
    private long _claimStamp;
    private readonly InstanceOptions _instanceOptions;
    private readonly PixelClusterer _clusterer;
    private readonly List<int> _pixels = new(UnionCapacity);
    private int[] _clusterOf = new int[UnionCapacity];
    private int[] _clusterSize = new int[16];
    private readonly List<(double Cx, double Cy, int Pixels, BoundingBox Box, int ClassId)> _summaries = new(16);
    private TrackAssignment[] _assignments = new TrackAssignment[16];
    private TrackedDetection[] _detections = new TrackedDetection[16];
    private readonly DecoderWeights _own;
    private readonly WeightSource[] _pending = new WeightSource[3];
    private readonly WeightSource[] _copied = new WeightSource[3];
    private SegmentationFrame? _reusedFrame;

    public Segmenter(EncoderTopology topology, DecoderSpec decoder, Events.SensorGeometry sensor, TrackerOptions tracker, int maxUnravelsPerStep, DecoderWeights initialWeights, InstanceOptions? instances = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(decoder);
        _topology = topology;
        _decoder = decoder;
        _coordinates = new NetworkCoordinates(sensor.Width, sensor.Height, topology.InputWidth, topology.InputHeight);
        _tracker = new InstanceTracker(tracker);
        _maxUnravels = maxUnravelsPerStep;
        ArgumentNullException.ThrowIfNull(initialWeights);
        _own = initialWeights.Clone();
        _weights.Current = _own;
        _hulk = new HulkUnraveller(_weights, new HulkOptions { Threshold = decoder.HulkThreshold, UnpoolIndices = UnpoolIndexSource.PerTimestep });
        _pool1Indices = new StepPoolIndices(topology.Pool1Geometry, topology.Pool1);
        _pool2Indices = new StepPoolIndices(topology.Pool2Geometry, topology.Pool2);
        _history = PoolIndexHistory.LastStepOnly(_pool1Indices.Map, _pool2Indices.Map);
        _activeStamp = new long[topology.InputWidth * topology.InputHeight];
        _activeWeight = new float[topology.InputWidth * topology.InputHeight];
        _claimedStamp = new long[topology.InputWidth * topology.InputHeight];
        _instanceOptions = instances ?? InstanceOptions.Default;
        _instanceOptions.Validate();
        _clusterer = new PixelClusterer(topology.InputWidth, topology.InputHeight);
        _unionStamp = new int[topology.InputWidth * topology.InputHeight];
        for (int i = 0; i < TracesUpFront; i++)
        {
            _traces.Add(new HulkTrace(_own, 1));
        }

        // One throw-away pass sizes HULK's map buffers now rather than at a live stream's first detection.
        _hulk.UnravelInto(new ClassificationSpike(0, 0, 0, 0), _history, _traces[0]);
    }

    public InstanceTracker Tracker => _tracker;

    /// <summary>Whether each step gets a new frame or one frame object is refilled (the live path; no allocation per step).</summary>
    public FrameLifetime FrameLifetime { get; init; } = FrameLifetime.Owned;

    /// <summary>Classification spikes not unravelled because a step had more than the per-step cap.</summary>
    public long SkippedUnravels { get; private set; }

    public long Instances { get; private set; }

    /// <summary>The segmenter's own copy of the tied weights, as of the last step that unravelled; HULK reads it.</summary>
    public DecoderWeights Weights => _weights.Current;

    /// <summary>Notes the layers' live weights (the single-threaded engine); copied only when a step needs them.</summary>
    public void UpdateWeights(ConvWeights conv1, ConvWeights conv2, ConvWeights conv3)
    {
        ArgumentNullException.ThrowIfNull(conv1);
        ArgumentNullException.ThrowIfNull(conv2);
        ArgumentNullException.ThrowIfNull(conv3);
        _pending[0] = new WeightSource(conv1, conv1.Version);
        _pending[1] = new WeightSource(conv2, conv2.Version);
        _pending[2] = new WeightSource(conv3, conv3.Version);
    }

    /// <summary>Notes the layers' published snapshots (the live pipeline); copied only when a step needs them.</summary>
    public void UpdateWeights(ConvWeightsSnapshot conv1, ConvWeightsSnapshot conv2, ConvWeightsSnapshot conv3)
    {
        ArgumentNullException.ThrowIfNull(conv1);
        ArgumentNullException.ThrowIfNull(conv2);
        ArgumentNullException.ThrowIfNull(conv3);
        _pending[0] = new WeightSource(conv1, conv1.Version);
        _pending[1] = new WeightSource(conv2, conv2.Version);
        _pending[2] = new WeightSource(conv3, conv3.Version);
    }

    /// <summary>Uses these weights from now on (copied; later <see cref="UpdateWeights(ConvWeights, ConvWeights, ConvWeights)"/> calls override them).</summary>
    public void SetWeights(DecoderWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (ReferenceEquals(weights, _own))
        {
            return;
        }

        var own = new DecoderWeights(_own.Conv1, _own.Conv2, _own.Conv3);
        if (!SameShapes(weights, own))
        {
            throw new InvalidInputException("segmenter: the new decoder weights do not have the network's shapes.");
        }

        weights.Conv1.Oihw.CopyTo(_own.Conv1.Oihw, 0);
        weights.Conv2.Oihw.CopyTo(_own.Conv2.Oihw, 0);
        weights.Conv3.Oihw.CopyTo(_own.Conv3.Oihw, 0);
        Array.Clear(_pending);
        Array.Clear(_copied);
        _hulk.RefreshWeights();
    }

    public static DecoderWeights Snapshot(ConvWeights conv1, ConvWeights conv2, ConvWeights conv3) => new(Bank(conv1), Bank(conv2), Bank(conv3));

    /// <summary>Copies into the own weights every layer whose source or version moved since its last copy.</summary>
    private void CopyMovedWeights()
    {
        bool moved = false;
        for (int i = 0; i < 3; i++)
        {
            var pending = _pending[i];
            if (pending.Owner is null || (ReferenceEquals(pending.Owner, _copied[i].Owner) && pending.Version == _copied[i].Version))
            {
                continue;
            }

            var target = (i switch { 0 => _own.Conv1, 1 => _own.Conv2, _ => _own.Conv3 }).Oihw;
            var source = pending.Owner is ConvWeights live ? live.Oihw : ((ConvWeightsSnapshot)pending.Owner).Oihw;
            if (source.Length != target.Length)
            {
                throw new InvalidInputException($"segmenter: layer {i + 1} has {source.Length} weights, the decoder {target.Length}.");
            }

            source.CopyTo(target);
            _copied[i] = pending;
            moved = true;
        }

        if (moved)
        {
            _hulk.RefreshWeights();
        }
    }

    private static bool SameShapes(DecoderWeights a, DecoderWeights b) =>
        a.Conv1.Oihw.Length == b.Conv1.Oihw.Length && a.Conv2.Oihw.Length == b.Conv2.Oihw.Length && a.Conv3.Oihw.Length == b.Conv3.Oihw.Length
        && a.Conv1.KernelSize == b.Conv1.KernelSize && a.Conv2.KernelSize == b.Conv2.KernelSize && a.Conv3.KernelSize == b.Conv3.KernelSize
        && a.Conv1.OutChannels == b.Conv1.OutChannels && a.Conv2.OutChannels == b.Conv2.OutChannels && a.Conv3.OutChannels == b.Conv3.OutChannels;

    /// <summary>Segments one step. Returns the frame (possibly without instances).</summary>
    public SegmentationFrame Segment(
        string stream, long step, long startUs, long endUs, int events,
        ReadOnlySpan<PooledSpike> pool1, ReadOnlySpan<PooledSpike> pool2, ReadOnlySpan<LayerSpike> classification,
        ReadOnlySpan<InputCell> input = default)
    {
        if (classification.IsEmpty)
        {
            _tracker.Update(endUs, [], []);
            return FrameLifetime == FrameLifetime.Owned ? new SegmentationFrame(stream, step, startUs, endUs - 1, events, []) : Reused(stream, step, startUs, endUs, events);
        }

        CopyMovedWeights();

        // The maps wrap live arrays: refreshed here, read only within this step's unravels.
        _pool1Indices.Refresh(pool1);
        _pool2Indices.Refresh(pool2);
        var history = _history;
        _boxes.Clear();
        _hashes.Clear();
        int n = 0;
        foreach (var spike in Representatives(classification))
        {
            if (n++ >= _maxUnravels)
            {
                SkippedUnravels++;
                continue;
            }

            // Traces are pooled: the k-th kept unravel of every step reuses the k-th trace.
            if (_boxes.Count == _traces.Count)
            {
                _traces.Add(new HulkTrace(_own, 1));
            }

            var trace = _traces[_boxes.Count];
            _hulk.UnravelInto(new ClassificationSpike(0, spike.Channel, spike.Y, spike.X), history, trace);
            if (trace.Bounds is not { } bounds)
            {
                continue;
            }

            _boxes.Add(bounds);
            _hashes.Add(trace.Ash);
        }

        MarkActivePixels(input);
        int kept = _boxes.Count;
        if (_objectOf.Length < kept)
        {
            _objectOf = new int[kept * 2];
            _smashParent = new int[kept * 2];
        }

        int objects = SmashGrouping.Assign(CollectionsMarshal.AsSpan(_boxes), _hashes, _decoder.SmashThreshold, _smashParent, _objectOf);
        _summaries.Clear();
        _claimStamp++;
        for (int o = 0; o < objects; o++)
        {
            AddInstances(o, kept);
        }

        int count = _summaries.Count;
        if (_detections.Length < count)
        {
            _detections = new TrackedDetection[count * 2];
            _assignments = new TrackAssignment[count * 2];
        }

        for (int o = 0; o < count; o++)
        {
            _detections[o] = new TrackedDetection(_coordinates.X(_summaries[o].Cx), _coordinates.Y(_summaries[o].Cy));
        }

        _tracker.Update(endUs, _detections.AsSpan(0, count), _assignments.AsSpan(0, count));
        var reused = FrameLifetime == FrameLifetime.Owned ? null : Reused(stream, step, startUs, endUs, events);
        var instances = reused is null ? new FrameInstance[count] : [];
        for (int o = 0; o < count; o++)
        {
            var (cx, cy, pixels, box, classId) = _summaries[o];
            var (x0, y0, x1, y1) = _coordinates.Box(box.XMin, box.YMin, box.XMax, box.YMax);
            var instance = new FrameInstance(o, classId, _assignments[o].TrackId, _assignments[o].Confirmed,
                x0, y0, x1, y1, _coordinates.X(cx), _coordinates.Y(cy), pixels);
            if (reused is null)
            {
                instances[o] = instance;
            }
            else
            {
                reused.AddInstance(instance);
            }
        }

        Instances += count;
        return reused ?? new SegmentationFrame(stream, step, startUs, endUs - 1, events, instances);
    }

    /// <summary>The one frame object of <see cref="FrameLifetime.ReusedUntilNextStep"/>, emptied for this step.</summary>
    private SegmentationFrame Reused(string stream, long step, long startUs, long endUs, int events)
    {
        if (_reusedFrame is null || !string.Equals(_reusedFrame.Stream, stream, StringComparison.Ordinal))
        {
            _reusedFrame = new SegmentationFrame(stream);
        }

        _reusedFrame.Refill(step, startUs, endUs - 1, events);
        return _reusedFrame;
    }

    /// <summary>
    /// One spike per 8-connected cluster of same-class classification spikes: the one with the highest pre-reset
    /// potential (ties → first in canonical order). Neighbouring classification cells unravel to overlapping masks
    /// that SMASH would merge anyway, and one HULK pass costs hundreds of multiply-adds per receptive-field cell,
    /// so unravelling every spike of a cluster spends most of the step's time for the same instance
    /// (docs/decisions.md, "HULK once per cluster").
    /// </summary>
    private List<LayerSpike> Representatives(ReadOnlySpan<LayerSpike> spikes)
    {
        _clusterSpikes.Clear();
        _clusterSpikes.AddRange(spikes);
        _representatives.Clear();
        if (_visited.Length < _clusterSpikes.Count)
        {
            _visited = new bool[_clusterSpikes.Count * 2];
        }

        Array.Clear(_visited, 0, _clusterSpikes.Count);
        if (_instanceOptions.PeakRadiusCells > 0)
        {
            return Peaks(_instanceOptions.PeakRadiusCells);
        }

        for (int i = 0; i < _clusterSpikes.Count; i++)
        {
            if (_visited[i])
            {
                continue;
            }

            // Flood fill over the (small) list of this step's spikes.
            var best = _clusterSpikes[i];
            _stack.Clear();
            _stack.Add(i);
            _visited[i] = true;
            while (_stack.Count > 0)
            {
                int j = _stack[^1];
                _stack.RemoveAt(_stack.Count - 1);
                var sj = _clusterSpikes[j];
                if (sj.PreResetPotential > best.PreResetPotential)
                {
                    best = sj;
                }

                for (int k = 0; k < _clusterSpikes.Count; k++)
                {
                    var sk = _clusterSpikes[k];
                    if (!_visited[k] && sk.Channel == sj.Channel && Math.Abs(sk.Y - sj.Y) <= 1 && Math.Abs(sk.X - sj.X) <= 1)
                    {
                        _visited[k] = true;
                        _stack.Add(k);
                    }
                }
            }

            _representatives.Add(best);
        }

        return _representatives;
    }

    /// <summary>
    /// The spikes whose pre-reset potential is the highest among the same-class spikes within
    /// <paramref name="radius"/> cells (ties → the first in canonical order): the peaks of the classification map.
    /// </summary>
    private List<LayerSpike> Peaks(int radius)
    {
        var spikes = CollectionsMarshal.AsSpan(_clusterSpikes);
        for (int i = 0; i < spikes.Length; i++)
        {
            var si = spikes[i];
            bool peak = true;
            for (int k = 0; k < spikes.Length && peak; k++)
            {
                var sk = spikes[k];
                if (k != i && sk.Channel == si.Channel && Math.Abs(sk.Y - si.Y) <= radius && Math.Abs(sk.X - si.X) <= radius
                    && (sk.PreResetPotential > si.PreResetPotential || (sk.PreResetPotential == si.PreResetPotential && k < i)))
                {
                    peak = false;
                }
            }

            if (peak)
            {
                _representatives.Add(si);
            }
        }

        return _representatives;
    }

    /// <summary>
    /// The instances of one SMASH object (the traces whose <c>_objectOf</c> is <paramref name="objectIndex"/>). Its pixels are the union of its members' HULK masks restricted to the pixels
    /// that had input events this step and that no earlier object of the step took: the mask says which pixels could
    /// have caused the spike (the receptive field traced back through the tied weights), the events say which of
    /// them did. Those pixels are split into clusters (<see cref="PixelClusterer"/>): a classification cell sees
    /// ~28 px of sky, so one spike's mask can hold two objects, and one instance centred between them matches
    /// neither. Every cluster of at least <see cref="InstanceOptions.MinClusterPixels"/> pixels is an instance,
    /// and so is the largest cluster in any case; without any active pixel the whole mask is one instance.
    /// </summary>
    private void AddInstances(int objectIndex, int traces)
    {
        // A stamped list: the union in first-insertion order (members ascending), the order the sums are taken in.
        _union.Clear();
        if (++_unionGeneration == int.MaxValue)
        {
            Array.Clear(_unionStamp);
            _unionGeneration = 1;
        }

        int firstMember = -1;
        for (int member = 0; member < traces; member++)
        {
            if (_objectOf[member] != objectIndex)
            {
                continue;
            }

            firstMember = firstMember < 0 ? member : firstMember;
            foreach (int pixel in _traces[member].MaskPixels)
            {
                if (_unionStamp[pixel] != _unionGeneration)
                {
                    _unionStamp[pixel] = _unionGeneration;
                    _union.Add(pixel);
                }
            }
        }

        int classId = _traces[firstMember].Spike.ClassId;
        _pixels.Clear();
        bool anyActive = false;
        foreach (int pixel in _union)
        {
            if (_activeStamp[pixel] == _stepStamp)
            {
                anyActive = true;
                if (_claimedStamp[pixel] != _claimStamp)
                {
                    _pixels.Add(pixel);
                }
            }
        }

        if (!anyActive)
        {
            _pixels.AddRange(_union);
            _summaries.Add(Summarise(_pixels, -1, classId));
            return;
        }

        if (_pixels.Count == 0)
        {
            return; // every active pixel of this object already belongs to an earlier one
        }

        foreach (int pixel in _pixels)
        {
            _claimedStamp[pixel] = _claimStamp;
        }

        if (_clusterOf.Length < _pixels.Count)
        {
            _clusterOf = new int[_pixels.Count * 2];
        }

        var pixels = CollectionsMarshal.AsSpan(_pixels);
        int clusters = _instanceOptions.LinkRadiusPx <= 0 ? 1 : _clusterer.Cluster(pixels, _clusterOf, _instanceOptions.LinkRadiusPx);
        if (clusters == 1)
        {
            _summaries.Add(Summarise(_pixels, -1, classId));
            return;
        }

        if (_clusterSize.Length < clusters)
        {
            _clusterSize = new int[clusters * 2];
        }

        Array.Clear(_clusterSize, 0, clusters);
        for (int i = 0; i < pixels.Length; i++)
        {
            _clusterSize[_clusterOf[i]]++;
        }

        int largest = 0;
        for (int c = 1; c < clusters; c++)
        {
            largest = _clusterSize[c] > _clusterSize[largest] ? c : largest;
        }

        for (int c = 0; c < clusters; c++)
        {
            if (c == largest || _clusterSize[c] >= _instanceOptions.MinClusterPixels)
            {
                _summaries.Add(Summarise(_pixels, c, classId));
            }
        }
    }

    /// <summary>Centroid (weighted by the pixels' input values when they are active), pixel count and box of the pixels in <paramref name="cluster"/> (−1: all).</summary>
    private (double Cx, double Cy, int Pixels, BoundingBox Box, int ClassId) Summarise(List<int> pixels, int cluster, int classId)
    {
        double sx = 0, sy = 0, sw = 0;
        int count = 0, width = _topology.InputWidth;
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = int.MinValue, y1 = int.MinValue;
        for (int i = 0; i < pixels.Count; i++)
        {
            if (cluster >= 0 && _clusterOf[i] != cluster)
            {
                continue;
            }

            int pixel = pixels[i];
            int x = pixel % width, y = pixel / width;
            double w = _instanceOptions.WeightByEvents && _activeStamp[pixel] == _stepStamp ? _activeWeight[pixel] : 1.0;
            sx += w * x;
            sy += w * y;
            sw += w;
            count++;
            x0 = Math.Min(x0, x);
            y0 = Math.Min(y0, y);
            x1 = Math.Max(x1, x);
            y1 = Math.Max(y1, y);
        }

        return (sx / sw, sy / sw, count, new BoundingBox(x0, y0, x1, y1), classId);
    }

    private void MarkActivePixels(ReadOnlySpan<InputCell> input)
    {
        _stepStamp++;
        int width = _topology.InputWidth;
        foreach (var cell in input)
        {
            int pixel = (cell.Y * width) + cell.X;
            if (_activeStamp[pixel] != _stepStamp)
            {
                _activeStamp[pixel] = _stepStamp;
                _activeWeight[pixel] = 0;
            }

            _activeWeight[pixel] += cell.Value;
        }
    }

    private static ConvWeightBank Bank(ConvWeights w) => new(w.Oihw.ToArray(), w.OutChannels, w.InChannels, w.Kernel);

    /// <summary>Where a layer's weights come from (a live <see cref="ConvWeights"/> or a published snapshot) and at which version.</summary>
    private readonly record struct WeightSource(object? Owner, long Version);

    private sealed class SnapshotSource : IDecoderWeightSource
    {
        public DecoderWeights Current { get; set; } = null!;

        public DecoderWeights CurrentWeights => Current;
    }
}
