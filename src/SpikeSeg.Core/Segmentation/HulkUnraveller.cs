using System.Runtime.InteropServices;
using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Core.Segmentation;

/// <summary>
/// HULK (reference-semantics §11): traces one classification spike back to input pixels through the tied
/// transposed convolutions and unpooling, thresholding the hidden layers at τ and recording which features were
/// active. Event-driven: each stage scatters only active cells and reads back only the pixels it touched, so the
/// cost follows the spike's receptive field, not the map size. One instance per stream (it reuses buffers).
/// </summary>
public sealed class HulkUnraveller
{
    private readonly IDecoderWeightSource _weightSource;
    private readonly HulkOptions _options;
    private readonly TouchedAccumulator _layer2 = new();
    private readonly TouchedAccumulator _layer1 = new();
    private readonly TouchedAccumulator _pixels = new();
    private readonly SparseUnpooler _unpooler = new();
    // Sized for a classification cell's receptive field, so that learning weights (more cells above τ) rarely grow them.
    private readonly List<ActiveCell> _active = new(4096);
    private readonly List<ActiveCell> _unpooled = new(4096);
    private DecoderWeights _weights = null!;
    private TransposedKernel _kernel3 = null!;
    private TransposedKernel _kernel2 = null!;
    private TransposedKernel _kernel1 = null!;

    public HulkUnraveller(IDecoderWeightSource weights, HulkOptions options)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _weightSource = weights;
        _options = options;
        RefreshWeights();
    }

    /// <summary>C1 + C2 + classes: the rows of every ASH this unraveller produces.</summary>
    public int FeatureCount => _weights.Conv1Channels + _weights.Conv2Channels + _weights.Classes;

    /// <summary>Re-reads the encoder's current weights (done at every <see cref="UnravelAll"/>).</summary>
    public void RefreshWeights()
    {
        _weights = _weightSource.CurrentWeights;
        _kernel3 = Relaid(_kernel3, _weights.Conv3);
        _kernel2 = Relaid(_kernel2, _weights.Conv2);
        _kernel1 = Relaid(_kernel1, _weights.Conv1);
    }

    /// <summary>Same-shaped weights are re-laid into the existing kernel: a learning encoder changes them often.</summary>
    private static TransposedKernel Relaid(TransposedKernel? kernel, ConvWeightBank weights)
    {
        if (kernel is not null && kernel.Fits(weights))
        {
            kernel.Refill(weights);
            return kernel;
        }

        return TransposedKernel.From(weights);
    }

    /// <summary>Every spike of the sample, in iteration order (timestep, class, row-major).</summary>
    public List<HulkResult> UnravelAll(ClassificationSpikeTrain spikes, PoolIndexHistory indices)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        RefreshWeights();
        var results = new List<HulkResult>(spikes.Spikes.Length);
        foreach (var spike in spikes.Spikes)
        {
            results.Add(Unravel(spike, indices, spikes.Timesteps));
        }

        return results;
    }

    /// <summary>One spike; <paramref name="timestepCount"/> is the ASH's number of columns.</summary>
    public HulkResult Unravel(ClassificationSpike spike, PoolIndexHistory indices, int timestepCount)
    {
        var trace = new HulkTrace(_weights, timestepCount);
        UnravelInto(spike, indices, trace);
        return trace.ToResult();
    }

    /// <summary>One spike into a reused <paramref name="trace"/> (sized for these weights): the same pass, no allocation once warm.</summary>
    public void UnravelInto(ClassificationSpike spike, PoolIndexHistory indices, HulkTrace trace)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(trace);
        var pool2 = indices.Pool2(spike.TimestepIndex, _options.UnpoolIndices);
        var pool1 = indices.Pool1(spike.TimestepIndex, _options.UnpoolIndices);
        CheckShapes(spike, pool2, pool1);
        int c1 = _weights.Conv1Channels;
        int c2 = _weights.Conv2Channels;
        if (!trace.Fits(c1, c2, FeatureCount, trace.Ash.TimestepCount))
        {
            throw new InvalidInputException($"hulk: the trace does not fit {c1}/{c2} channels and {FeatureCount} features.");
        }

        trace.Begin(spike, pool1.InputWidth, pool1.InputHeight);
        var ash = trace.Ash;
        int classFeature = _options.ClassFeatureIds == ClassFeatureIdMode.ClassIdOnly ? spike.ClassId : c1 + c2 + spike.ClassId;
        ash.Set(classFeature, spike.TimestepIndex);

        // trans_conv3 of the one-hot map, thresholded: conv2-channel activity at classification resolution.
        _layer2.Begin(pool2.PooledHeight, pool2.PooledWidth, c2);
        _layer2.Scatter(_kernel3, new ActiveCell(spike.ClassId, spike.Y, spike.X, 1f));
        var perChannel2 = trace.Layer2SpikesPerChannel;
        Threshold(_layer2, perChannel2);
        _unpooled.Clear();
        _unpooler.Unpool(CollectionsMarshal.AsSpan(_active), pool2, _unpooled);

        // trans_conv2 of the unpooled activity, thresholded: conv1-channel activity.
        _layer1.Begin(pool2.InputHeight, pool2.InputWidth, c1);
        foreach (var cell in _unpooled)
        {
            _layer1.Scatter(_kernel2, cell);
        }

        var perChannel1 = trace.Layer1SpikesPerChannel;
        Threshold(_layer1, perChannel1);
        _unpooled.Clear();
        _unpooler.Unpool(CollectionsMarshal.AsSpan(_active), pool1, _unpooled);

        // trans_conv1 to the input channels; a pixel belongs to the mask when its channel sum is positive.
        int inputChannels = _weights.InputChannels;
        _pixels.Begin(pool1.InputHeight, pool1.InputWidth, inputChannels);
        foreach (var cell in _unpooled)
        {
            _pixels.Scatter(_kernel1, cell);
        }

        var maskPixels = trace.MaskPixelList;
        var values = _pixels.Values;
        foreach (int pixel in _pixels.TouchedPixels)
        {
            float sum = 0f;
            for (int c = 0; c < inputChannels; c++)
            {
                sum += values[(pixel * inputChannels) + c];
            }

            if (sum > 0f)
            {
                maskPixels.Add(pixel);
            }
        }

        CollectionsMarshal.AsSpan(maskPixels).Sort();
        trace.CloseMask();
        for (int c = 0; c < c2; c++)
        {
            if (perChannel2[c] > 0)
            {
                ash.Set(c1 + c, spike.TimestepIndex);
            }
        }

        for (int c = 0; c < c1; c++)
        {
            if (perChannel1[c] > 0)
            {
                ash.Set(c, spike.TimestepIndex);
            }
        }
    }

    /// <summary>Instances from results in order: id = position in <paramref name="results"/>, empty masks dropped.</summary>
    public static List<SegmentedInstance> ToInstances(IReadOnlyList<HulkResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var instances = new List<SegmentedInstance>();
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            if (r.Mask.Bounds is { } box)
            {
                instances.Add(new SegmentedInstance(i, r.Spike, r.Mask, box, r.Ash));
            }
        }

        return instances;
    }

    private void Threshold(TouchedAccumulator accumulator, int[] perChannel)
    {
        _active.Clear();
        int channels = accumulator.Channels;
        var values = accumulator.Values;
        float tau = _options.Threshold;
        foreach (int pixel in accumulator.TouchedPixels)
        {
            for (int c = 0; c < channels; c++)
            {
                if (values[(pixel * channels) + c] > tau)
                {
                    _active.Add(new ActiveCell(c, pixel / accumulator.Width, pixel % accumulator.Width, 1f));
                    perChannel[c]++;
                }
            }
        }
    }

    private void CheckShapes(ClassificationSpike spike, PoolIndexMap pool2, PoolIndexMap pool1)
    {
        if ((uint)spike.ClassId >= (uint)_weights.Classes || (uint)spike.Y >= (uint)pool2.PooledHeight || (uint)spike.X >= (uint)pool2.PooledWidth)
        {
            throw new InvalidInputException(
                $"hulk: spike (class {spike.ClassId}, x {spike.X}, y {spike.Y}) lies outside the {_weights.Classes}×{pool2.PooledHeight}×{pool2.PooledWidth} classification map.");
        }

        if (pool2.Channels != _weights.Conv2Channels || pool1.Channels != _weights.Conv1Channels
            || pool1.PooledHeight != pool2.InputHeight || pool1.PooledWidth != pool2.InputWidth)
        {
            throw new InvalidInputException(
                $"hulk: pool index maps ({pool1.Channels} and {pool2.Channels} channels) do not fit the weights ({_weights.Conv1Channels} and {_weights.Conv2Channels} channels) or each other.");
        }
    }
}
