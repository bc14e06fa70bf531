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
/// results into objects, and the tracker gives each object a stable track id. Weights are read from immutable
/// <see cref="DecoderWeights"/> snapshots, rebuilt only when a layer's weight version changed.
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
    private readonly List<InstanceSignature> _signatures = [];
    private readonly List<HulkResult> _results = [];
    private readonly List<LayerSpike> _clusterSpikes = [];
    private readonly List<LayerSpike> _representatives = [];
    private readonly List<int> _stack = [];
    private bool[] _visited = new bool[64];
    private readonly HashSet<int> _union = [];
    private readonly long[] _activeStamp;
    private long _stepStamp;
    private TrackAssignment[] _assignments = new TrackAssignment[16];
    private TrackedDetection[] _detections = new TrackedDetection[16];
    private (long V1, long V2, long V3) _versions = (-1, -1, -1);

    public Segmenter(EncoderTopology topology, DecoderSpec decoder, Events.SensorGeometry sensor, TrackerOptions tracker, int maxUnravelsPerStep, DecoderWeights initialWeights)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(decoder);
        _topology = topology;
        _decoder = decoder;
        _coordinates = new NetworkCoordinates(sensor.Width, sensor.Height, topology.InputWidth, topology.InputHeight);
        _tracker = new InstanceTracker(tracker);
        _maxUnravels = maxUnravelsPerStep;
        _weights.Current = initialWeights;
        _hulk = new HulkUnraveller(_weights, new HulkOptions { Threshold = decoder.HulkThreshold, UnpoolIndices = UnpoolIndexSource.PerTimestep });
        _pool1Indices = new StepPoolIndices(topology.Pool1Geometry, topology.Pool1);
        _pool2Indices = new StepPoolIndices(topology.Pool2Geometry, topology.Pool2);
        _history = PoolIndexHistory.LastStepOnly(_pool1Indices.Map, _pool2Indices.Map);
        _activeStamp = new long[topology.InputWidth * topology.InputHeight];
    }

    public InstanceTracker Tracker => _tracker;

    /// <summary>Classification spikes not unravelled because a step had more than the per-step cap.</summary>
    public long SkippedUnravels { get; private set; }

    public long Instances { get; private set; }

    /// <summary>The current weight snapshot (HULK reads it; the live pipeline passes snapshots in messages).</summary>
    public DecoderWeights Weights => _weights.Current;

    /// <summary>Builds the snapshot of the three layers' weights if any version moved since the last one.</summary>
    public void UpdateWeights(ConvWeights conv1, ConvWeights conv2, ConvWeights conv3)
    {
        ArgumentNullException.ThrowIfNull(conv1);
        ArgumentNullException.ThrowIfNull(conv2);
        ArgumentNullException.ThrowIfNull(conv3);
        RebuildIfMoved((conv1.Version, conv2.Version, conv3.Version), () => Snapshot(conv1, conv2, conv3));
    }

    /// <summary>Uses the layers' published snapshots (the live pipeline); rebuilds only when a version moved.</summary>
    public void UpdateWeights(ConvWeightsSnapshot conv1, ConvWeightsSnapshot conv2, ConvWeightsSnapshot conv3)
    {
        ArgumentNullException.ThrowIfNull(conv1);
        ArgumentNullException.ThrowIfNull(conv2);
        ArgumentNullException.ThrowIfNull(conv3);
        RebuildIfMoved((conv1.Version, conv2.Version, conv3.Version), () => new DecoderWeights(Bank(conv1), Bank(conv2), Bank(conv3)));
    }

    private void RebuildIfMoved((long, long, long) versions, Func<DecoderWeights> build)
    {
        if (versions != _versions)
        {
            _versions = versions;
            SetWeights(build());
        }
    }

    /// <summary>Uses an already built snapshot (the live pipeline's layer actors publish them).</summary>
    public void SetWeights(DecoderWeights weights)
    {
        if (!ReferenceEquals(_weights.Current, weights))
        {
            _weights.Current = weights;
            _hulk.RefreshWeights();
        }
    }

    public static DecoderWeights Snapshot(ConvWeights conv1, ConvWeights conv2, ConvWeights conv3) => new(Bank(conv1), Bank(conv2), Bank(conv3));

    /// <summary>Segments one step. Returns the frame (possibly without instances).</summary>
    public SegmentationFrame Segment(
        string stream, long step, long startUs, long endUs, int events,
        ReadOnlySpan<PooledSpike> pool1, ReadOnlySpan<PooledSpike> pool2, ReadOnlySpan<LayerSpike> classification,
        ReadOnlySpan<InputCell> input = default)
    {
        if (classification.IsEmpty)
        {
            _tracker.Update(endUs, [], []);
            return new SegmentationFrame(stream, step, startUs, endUs - 1, events, []);
        }

        // The maps wrap live arrays: refreshed here, read only within this step's unravels.
        _pool1Indices.Refresh(pool1);
        _pool2Indices.Refresh(pool2);
        var history = _history;
        _results.Clear();
        _signatures.Clear();
        int n = 0;
        foreach (var spike in Representatives(classification))
        {
            if (n++ >= _maxUnravels)
            {
                SkippedUnravels++;
                continue;
            }

            var result = _hulk.Unravel(new ClassificationSpike(0, spike.Channel, spike.Y, spike.X), history, 1);
            if (result.Mask.IsEmpty)
            {
                continue;
            }

            _results.Add(result);
            _signatures.Add(new InstanceSignature(result.Mask.Bounds!.Value, result.Ash));
        }

        MarkActivePixels(input);
        var objects = SmashGrouping.Group(_signatures, _decoder.SmashThreshold);
        int count = objects.Count;
        if (_detections.Length < count)
        {
            _detections = new TrackedDetection[count * 2];
            _assignments = new TrackAssignment[count * 2];
        }

        var summaries = new (double Cx, double Cy, int Pixels, BoundingBox Box, int ClassId)[count];
        for (int o = 0; o < count; o++)
        {
            summaries[o] = Summarise(objects[o]);
            _detections[o] = new TrackedDetection(_coordinates.X(summaries[o].Cx), _coordinates.Y(summaries[o].Cy));
        }

        _tracker.Update(endUs, _detections.AsSpan(0, count), _assignments.AsSpan(0, count));
        var instances = new FrameInstance[count];
        for (int o = 0; o < count; o++)
        {
            var (cx, cy, pixels, box, classId) = summaries[o];
            var (x0, y0, x1, y1) = _coordinates.Box(box.XMin, box.YMin, box.XMax, box.YMax);
            instances[o] = new FrameInstance(objects[o].ObjectId, classId, _assignments[o].TrackId, _assignments[o].Confirmed,
                x0, y0, x1, y1, _coordinates.X(cx), _coordinates.Y(cy), pixels);
        }

        Instances += count;
        return new SegmentationFrame(stream, step, startUs, endUs - 1, events, instances);
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
    /// Centroid, pixels, box and class of an object. Its pixels are the union of its members' HULK masks restricted
    /// to the pixels that had input events this step: the mask says which pixels could have caused the spike (the
    /// receptive field traced back through the tied weights), the events say which of them did. Without any active
    /// pixel inside the mask the whole mask is used.
    /// </summary>
    private (double Cx, double Cy, int Pixels, BoundingBox Box, int ClassId) Summarise(SegmentedObject obj)
    {
        _union.Clear();
        foreach (int member in obj.Members)
        {
            foreach (int pixel in _results[member].Mask.FlatPixels)
            {
                _union.Add(pixel);
            }
        }

        bool restrict = false;
        foreach (int pixel in _union)
        {
            if (_activeStamp[pixel] == _stepStamp)
            {
                restrict = true;
                break;
            }
        }

        double sx = 0, sy = 0;
        int count = 0, width = _topology.InputWidth;
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = int.MinValue, y1 = int.MinValue;
        foreach (int pixel in _union)
        {
            if (restrict && _activeStamp[pixel] != _stepStamp)
            {
                continue;
            }

            int x = pixel % width, y = pixel / width;
            sx += x;
            sy += y;
            count++;
            x0 = Math.Min(x0, x);
            y0 = Math.Min(y0, y);
            x1 = Math.Max(x1, x);
            y1 = Math.Max(y1, y);
        }

        int classId = _results[obj.Members[0]].Spike.ClassId;
        return (sx / count, sy / count, count, new BoundingBox(x0, y0, x1, y1), classId);
    }

    private void MarkActivePixels(ReadOnlySpan<InputCell> input)
    {
        _stepStamp++;
        int width = _topology.InputWidth;
        foreach (var cell in input)
        {
            _activeStamp[(cell.Y * width) + cell.X] = _stepStamp;
        }
    }

    private static ConvWeightBank Bank(ConvWeights w) => new(w.Oihw.ToArray(), w.OutChannels, w.InChannels, w.Kernel);

    private static ConvWeightBank Bank(ConvWeightsSnapshot w) => new(w.Oihw.ToArray(), w.OutChannels, w.InChannels, w.Kernel);

    private sealed class SnapshotSource : IDecoderWeightSource
    {
        public DecoderWeights Current { get; set; } = null!;

        public DecoderWeights CurrentWeights => Current;
    }
}
