using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    // The fused pass reads the input-pixel map back through its row bitmap (ascending), so it needs no first-touch list.
    private readonly TouchedAccumulator _fusedPixels = new(firstTouchOrder: false);
    private readonly SparseUnpooler _unpooler = new();
    // Sized for a classification cell's receptive field, so that learning weights (more cells above τ) rarely grow them.
    private readonly List<ActiveCell> _active = new(4096);
    private readonly List<ActiveCell> _unpooled = new(4096);
    private readonly UnpoolStamps _stamps2 = new();
    private readonly UnpoolStamps _stamps1 = new();
    private readonly TouchedRows _centres = new();
    private DecoderWeights _weights = null!;
    private TransposedKernel _kernel3 = null!;
    private TransposedKernel _kernel2 = null!;
    private TransposedKernel _kernel1 = null!;

    private readonly HulkConv3Taps _taps = new();

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
        _taps.Rebuild(_kernel3, _kernel2, _options.Threshold);
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

    /// <summary>
    /// One spike into a reused <paramref name="trace"/> (sized for these weights): the same pass, no allocation once warm.
    /// Every stage is fused with the next — each active cell is unpooled and scattered as it is found, in the
    /// order <see cref="UnravelIntoReference"/> lists them, so every accumulator element receives the same
    /// additions in the same order and the output is bit-identical to it.
    /// </summary>
    public void UnravelInto(ClassificationSpike spike, PoolIndexHistory indices, HulkTrace trace)
    {
        var (pool2, pool1) = BeginTrace(spike, indices, trace);
        bool certain = _taps.Conv1Certain(spike.ClassId);
        TraceConv2Cells(spike, pool2, trace.Layer2SpikesPerChannel, certain);
        TraceConv1Cells(pool1, trace.Layer1SpikesPerChannel, certain);
        CollectMask(trace);
        SetLayerFeatures(trace);
    }

    // The stages are compiled fully optimised at once (AggressiveOptimization): at 100 ms steps a stream runs a
    // few HULK passes per step, too few for tiering to promote them before a short run is over.

    /// <summary>
    /// trans_conv3 of the one-hot, thresholded (the cached <see cref="HulkConv3Taps"/>); each active conv2 cell is unpooled and scattered
    /// through trans_conv2 at once (only marked when <paramref name="certain"/>). The reference's order is
    /// row-major over the clipped window, channels ascending.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void TraceConv2Cells(ClassificationSpike spike, PoolIndexMap pool2, int[] perChannel2, bool certain)
    {
        int k3 = _kernel3.KernelSize;
        int p3 = _kernel3.Padding;
        int a0 = Math.Max(0, p3 - spike.Y);
        int a1 = Math.Min(k3 - 1, pool2.PooledHeight - 1 - spike.Y + p3);
        int b0 = Math.Max(0, p3 - spike.X);
        int b1 = Math.Min(k3 - 1, pool2.PooledWidth - 1 - spike.X + p3);
        _layer1.Begin(pool2.InputHeight, pool2.InputWidth, _weights.Conv1Channels);
        _stamps2.Begin(pool2);
        _centres.Reset(pool2.InputHeight, pool2.InputWidth);
        var tapChannels = _taps.Channels;
        for (int a = a0; a <= a1; a++)
        {
            int y = spike.Y - p3 + a;
            for (int b = b0; b <= b1; b++)
            {
                int x = spike.X - p3 + b;
                int tap = (((spike.ClassId * k3) + a) * k3) + b;
                for (int t = _taps.Start(tap); t < _taps.Start(tap + 1); t++)
                {
                    int c = tapChannels[t];
                    perChannel2[c]++;
                    var (uy, ux) = pool2.SourceNearWindow(c, y, x);
                    if (!_stamps2.FirstVisit(c, uy, ux))
                    {
                        continue;
                    }

                    if (certain)
                    {
                        // A footprint's pixels depend on its centre only: a centre marked before adds nothing.
                        if (_centres.MarkPixel(uy, ux))
                        {
                            _layer1.MarkUnchecked(_kernel2, c, uy, ux);
                        }
                    }
                    else
                    {
                        _layer1.ScatterUnchecked(_kernel2, c, uy, ux, 1f);
                    }
                }
            }
        }
    }

    /// <summary>Thresholds conv1 activity in first-touch order; each active cell is unpooled and scattered through trans_conv1.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void TraceConv1Cells(PoolIndexMap pool1, int[] perChannel1, bool certain)
    {
        float tau = _options.Threshold;
        int c1 = _weights.Conv1Channels;
        _fusedPixels.Begin(pool1.InputHeight, pool1.InputWidth, _weights.InputChannels);
        _stamps1.Begin(pool1);
        var values1 = _layer1.Values;
        int width1 = _layer1.Width;
        foreach (int pixel in _layer1.TouchedPixels)
        {
            int y = pixel / width1;
            int x = pixel - (y * width1);
            var cells = values1.Slice(pixel * c1, c1);
            for (int c = 0; c < cells.Length; c++)
            {
                if (certain || cells[c] > tau)
                {
                    perChannel1[c]++;
                    var (uy, ux) = pool1.SourceNearWindow(c, y, x);
                    if (_stamps1.FirstVisit(c, uy, ux))
                    {
                        _fusedPixels.ScatterUnchecked(_kernel1, c, uy, ux, 1f);
                    }
                }
            }
        }
    }

    /// <summary>A pixel belongs to the mask when its channel sum is positive; the row bitmap lists pixels ascending.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void CollectMask(HulkTrace trace)
    {
        var maskPixels = trace.MaskPixelList;
        int inputChannels = _fusedPixels.Channels;
        var values = _fusedPixels.Values;
        var rows = _fusedPixels.Rows;
        int width = rows.Width;

        // Every touched pixel is written to the list's next slot and kept by advancing the count when its sum is
        // positive: the sign of a DoG sum is data, and a branch on it would be mispredicted often.
        int boxArea = Math.Max(0, rows.LastRow - rows.FirstRow + 1) * Math.Max(0, rows.LastColumn - rows.FirstColumn + 1);
        CollectionsMarshal.SetCount(maskPixels, boxArea);
        var mask = CollectionsMarshal.AsSpan(maskPixels);
        int count = 0;
        int xMin = int.MaxValue, xMax = int.MinValue;
        if (inputChannels == 2 && Vector256.IsHardwareAccelerated)
        {
            count = CollectTwoChannelMask(values, rows, mask, ref xMin, ref xMax);
            CollectionsMarshal.SetCount(maskPixels, count);
            trace.CloseMask(xMin, xMax);
            return;
        }

        for (int y = rows.FirstRow; y <= rows.LastRow; y++)
        {
            for (int w = 0; w < rows.WordsPerRow; w++)
            {
                ulong bits = rows.Word(y, w);
                while (bits != 0)
                {
                    int x = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    int pixel = (y * width) + x;
                    float sum = 0f;
                    for (int c = 0; c < inputChannels; c++)
                    {
                        sum += values[(pixel * inputChannels) + c];
                    }

                    int keep = sum > 0f ? 1 : 0;
                    mask[count] = pixel;
                    count += keep;
                    xMin = keep != 0 ? Math.Min(xMin, x) : xMin;
                    xMax = keep != 0 ? Math.Max(xMax, x) : xMax;
                }
            }
        }

        CollectionsMarshal.SetCount(maskPixels, count);
        trace.CloseMask(xMin, xMax);
    }

    /// <summary>
    /// The mask of a 2-channel (polarity) input, four pixels per vector over each row of the touched box. An
    /// untouched pixel is 0 + 0, never positive, so the bitmap is not consulted. Lanes are added pairwise to their
    /// neighbour (a + b, b + a: the same rounded sum), which is the scalar loop's 0 + a + b: adding −0 first
    /// changes nothing that the test against 0 can see.
    /// </summary>
    private static int CollectTwoChannelMask(ReadOnlySpan<float> values, TouchedRows rows, Span<int> mask, ref int xMin, ref int xMax)
    {
        int width = rows.Width;
        int count = 0;
        var swapPairs = Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6);
        ref float start = ref MemoryMarshal.GetReference(values);
        for (int y = rows.FirstRow; y <= rows.LastRow; y++)
        {
            int rowBase = y * width;
            int x = rows.FirstColumn;
            int end = rows.LastColumn + 1;
            _ = values[((rowBase + end) * 2) - 1];
            int first = count;
            for (; x + 4 <= end; x += 4)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)((rowBase + x) * 2));
                uint positive = Vector256.GreaterThan(v + Vector256.Shuffle(v, swapPairs), Vector256<float>.Zero).ExtractMostSignificantBits() & 0x55u;
                while (positive != 0)
                {
                    mask[count++] = rowBase + x + (BitOperations.TrailingZeroCount(positive) >> 1);
                    positive &= positive - 1;
                }
            }

            for (; x < end; x++)
            {
                int pixel = rowBase + x;
                int keep = (0f + values[pixel * 2] + values[(pixel * 2) + 1]) > 0f ? 1 : 0;
                mask[count] = pixel;
                count += keep;
            }

            if (count > first)
            {
                xMin = Math.Min(xMin, mask[first] - rowBase);
                xMax = Math.Max(xMax, mask[count - 1] - rowBase);
            }
        }

        return count;
    }

    /// <summary>
    /// The same pass stage by stage, straight from the definition: list the active cells, unpool the list,
    /// scatter it (scalar adds), sort the mask. Kept as the reference the fused pass is tested against.
    /// </summary>
    internal void UnravelIntoReference(ClassificationSpike spike, PoolIndexHistory indices, HulkTrace trace)
    {
        var (pool2, pool1) = BeginTrace(spike, indices, trace);
        int c1 = _weights.Conv1Channels;

        // trans_conv3 of the one-hot map, thresholded: conv2-channel activity at classification resolution.
        _layer2.Begin(pool2.PooledHeight, pool2.PooledWidth, _weights.Conv2Channels);
        _layer2.Scatter(_kernel3, new ActiveCell(spike.ClassId, spike.Y, spike.X, 1f), vectorized: false);
        var perChannel2 = trace.Layer2SpikesPerChannel;
        Threshold(_layer2, perChannel2);
        _unpooled.Clear();
        _unpooler.Unpool(CollectionsMarshal.AsSpan(_active), pool2, _unpooled);

        // trans_conv2 of the unpooled activity, thresholded: conv1-channel activity.
        _layer1.Begin(pool2.InputHeight, pool2.InputWidth, c1);
        foreach (var cell in _unpooled)
        {
            _layer1.Scatter(_kernel2, cell, vectorized: false);
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
            _pixels.Scatter(_kernel1, cell, vectorized: false);
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
        SetLayerFeatures(trace);
    }

    private (PoolIndexMap Pool2, PoolIndexMap Pool1) BeginTrace(ClassificationSpike spike, PoolIndexHistory indices, HulkTrace trace)
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
        int classFeature = _options.ClassFeatureIds == ClassFeatureIdMode.ClassIdOnly ? spike.ClassId : c1 + c2 + spike.ClassId;
        trace.Ash.Set(classFeature, spike.TimestepIndex);
        return (pool2, pool1);
    }

    /// <summary>The ASH bits of every conv2 and conv1 channel that had an active cell.</summary>
    private static void SetLayerFeatures(HulkTrace trace)
    {
        var spike = trace.Spike;
        var ash = trace.Ash;
        var perChannel2 = trace.Layer2SpikesPerChannel;
        var perChannel1 = trace.Layer1SpikesPerChannel;
        int c1 = perChannel1.Length;
        int c2 = perChannel2.Length;
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
