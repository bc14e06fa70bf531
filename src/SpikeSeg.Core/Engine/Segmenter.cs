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
    private readonly float[] _activeWeight;
    private readonly long[] _claimedStamp;
    private long _stepStamp;
    private long _claimStamp;
    private readonly InstanceOptions _instanceOptions;
    private readonly PixelClusterer _clusterer;
    private readonly List<int> _pixels = [];
    private int[] _clusterOf = new int[64];
    private int[] _clusterSize = new int[8];
    private readonly List<(double Cx, double Cy, int Pixels, BoundingBox Box, int ClassId)> _summaries = [];
    private TrackAssignment[] _assignments = new TrackAssignment[16];
    private TrackedDetection[] _detections = new TrackedDetection[16];
    private (long V1, long V2, long V3) _versions = (-1, -1, -1);

    public Segmenter(EncoderTopology topology, DecoderSpec decoder, Events.SensorGeometry sensor, TrackerOptions tracker, int maxUnravelsPerStep, DecoderWeights initialWeights, InstanceOptions? instances = null)
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
        _activeWeight = new float[topology.InputWidth * topology.InputHeight];
        _claimedStamp = new long[topology.InputWidth * topology.InputHeight];
        _instanceOptions = instances ?? InstanceOptions.Default;
        _instanceOptions.Validate();
        _clusterer = new PixelClusterer(topology.InputWidth, topology.InputHeight);
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
        _summaries.Clear();
        _claimStamp++;
        foreach (var obj in objects)
        {
            AddInstances(obj);
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
        var instances = new FrameInstance[count];
        for (int o = 0; o < count; o++)
        {
            var (cx, cy, pixels, box, classId) = _summaries[o];
            var (x0, y0, x1, y1) = _coordinates.Box(box.XMin, box.YMin, box.XMax, box.YMax);
            instances[o] = new FrameInstance(o, classId, _assignments[o].TrackId, _assignments[o].Confirmed,
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
    /// The instances of one SMASH object. Its pixels are the union of its members' HULK masks restricted to the pixels
    /// that had input events this step and that no earlier object of the step took: the mask says which pixels could
    /// have caused the spike (the receptive field traced back through the tied weights), the events say which of
    /// them did. Those pixels are split into clusters (<see cref="PixelClusterer"/>): a classification cell sees
    /// ~28 px of sky, so one spike's mask can hold two objects, and one instance centred between them matches
    /// neither. Every cluster of at least <see cref="InstanceOptions.MinClusterPixels"/> pixels is an instance,
    /// and so is the largest cluster in any case; without any active pixel the whole mask is one instance.
    /// </summary>
    private void AddInstances(SegmentedObject obj)
    {
        _union.Clear();
        foreach (int member in obj.Members)
        {
            foreach (int pixel in _results[member].Mask.FlatPixels)
            {
                _union.Add(pixel);
            }
        }

        int classId = _results[obj.Members[0]].Spike.ClassId;
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

    private static ConvWeightBank Bank(ConvWeightsSnapshot w) => new(w.Oihw.ToArray(), w.OutChannels, w.InChannels, w.Kernel);

    private sealed class SnapshotSource : IDecoderWeightSource
    {
        public DecoderWeights Current { get; set; } = null!;

        public DecoderWeights CurrentWeights => Current;
    }
}
