using System.Runtime.InteropServices;
using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Decoding;

/// <summary>
/// The tied-weight decoder of reference-semantics §4: delay connection → trans_conv3 → LIF → unpool(pool2)
/// → trans_conv2 → LIF → unpool(pool1) → trans_conv1 = real-valued saliency over the input channels.
/// Event-driven: only active cells are scattered; maps are HWC inside. One instance per stream (it holds state).
/// </summary>
public sealed class SaliencyDecoder
{
    private readonly IDecoderWeightSource _weights;
    private readonly DecoderOptions _options;
    private readonly SparseUnpooler _unpooler = new();
    private readonly List<ActiveCell> _delayed = [];
    private readonly List<ActiveCell> _stageInput = [];
    private readonly List<ActiveCell> _spikes = [];
    private DecoderWeights? _copied;
    private float[] _current3 = [];
    private float[] _membrane3 = [];
    private float[] _current2 = [];
    private float[] _membrane2 = [];

    public SaliencyDecoder(IDecoderWeightSource weights, DecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _weights = weights;
        _options = options;
    }

    /// <summary>Clears membranes and the delay buffer (done automatically per sample unless reference-compatible).</summary>
    public void ResetState()
    {
        _delayed.Clear();
        Array.Clear(_membrane3);
        Array.Clear(_membrane2);
    }

    /// <summary>Saliency <c>[InputChannels, H, W]</c> (CHW) of one sample's classification spikes.</summary>
    public float[] Decode(ClassificationSpikeTrain spikes, PoolIndexHistory indices)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        ArgumentNullException.ThrowIfNull(indices);
        var weights = CurrentWeights();
        CheckShapes(weights, spikes, indices);
        if (_options.ResetStatePerSample)
        {
            ResetState();
        }

        var kernel3 = TransposedKernel.From(weights.Conv3);
        var kernel2 = TransposedKernel.From(weights.Conv2);
        var kernel1 = TransposedKernel.From(weights.Conv1);
        var pool1 = indices.Pool1Shape;
        int height = pool1.InputHeight;
        int width = pool1.InputWidth;
        var saliencyHwc = new float[height * width * weights.InputChannels];

        if (_options.TimeHandling == DecoderTimeHandling.SumOverTime)
        {
            // The reference decodes the summed map once with whichever indices it kept (its last step's).
            int last = indices.Timesteps - 1;
            Step(spikes.TimeSummedCells(), last, indices, kernel3, kernel2, kernel1, saliencyHwc);
        }
        else
        {
            for (int t = 0; t < spikes.Timesteps; t++)
            {
                Step(spikes.CellsAt(t), t, indices, kernel3, kernel2, kernel1, saliencyHwc);
            }
        }

        var saliency = new float[saliencyHwc.Length];
        MapLayout.HwcToChw(saliencyHwc, weights.InputChannels, height, width, saliency);
        return saliency;
    }

    private void Step(List<ActiveCell> input, int timestepIndex, PoolIndexHistory indices, TransposedKernel kernel3, TransposedKernel kernel2, TransposedKernel kernel1, float[] saliencyHwc)
    {
        var pool2 = indices.Pool2(timestepIndex, _options.UnpoolIndices);
        var pool1 = indices.Pool1(timestepIndex, _options.UnpoolIndices);
        float leak = _options.LeakFactor * _options.Threshold;

        // Delay connection: the current input plus the previous one weighted by decay^1; the scatter is
        // linear, so the two cell lists can simply be concatenated.
        _stageInput.Clear();
        _stageInput.AddRange(input);
        if (_options.DelayConnections)
        {
            foreach (var cell in _delayed)
            {
                _stageInput.Add(cell with { Value = cell.Value * _options.DelayDecay });
            }

            _delayed.Clear();
            _delayed.AddRange(input);
        }

        EnsureSize(ref _current3, ref _membrane3, pool2.PooledHeight * pool2.PooledWidth * kernel3.TargetChannels);
        TransposedConvolution.Scatter(CollectionsMarshal.AsSpan(_stageInput), kernel3, pool2.PooledHeight, pool2.PooledWidth, _current3);
        _spikes.Clear();
        DecoderLif.Step(_current3, _membrane3, kernel3.TargetChannels, pool2.PooledWidth, _options.Threshold, leak, _spikes);

        _stageInput.Clear();
        _unpooler.Unpool(CollectionsMarshal.AsSpan(_spikes), pool2, _stageInput);
        EnsureSize(ref _current2, ref _membrane2, pool2.InputHeight * pool2.InputWidth * kernel2.TargetChannels);
        TransposedConvolution.Scatter(CollectionsMarshal.AsSpan(_stageInput), kernel2, pool2.InputHeight, pool2.InputWidth, _current2);
        _spikes.Clear();
        DecoderLif.Step(_current2, _membrane2, kernel2.TargetChannels, pool2.InputWidth, _options.Threshold, leak, _spikes);

        _stageInput.Clear();
        _unpooler.Unpool(CollectionsMarshal.AsSpan(_spikes), pool1, _stageInput);
        foreach (var cell in _stageInput)
        {
            TransposedConvolution.ScatterCell(saliencyHwc, pool1.InputHeight, pool1.InputWidth, kernel1, cell, vectorized: true);
        }
    }

    private DecoderWeights CurrentWeights()
    {
        if (_options.WeightBinding == DecoderWeightBinding.Live)
        {
            return _weights.CurrentWeights;
        }

        return _copied ??= _weights.CurrentWeights.Clone();
    }

    private static void EnsureSize(ref float[] current, ref float[] membrane, int size)
    {
        if (current.Length != size)
        {
            current = new float[size];
        }

        if (membrane.Length != size)
        {
            // A persisting (reference-mode) membrane only survives while the map shape stays the same.
            membrane = new float[size];
        }
    }

    private static void CheckShapes(DecoderWeights weights, ClassificationSpikeTrain spikes, PoolIndexHistory indices)
    {
        var pool2 = indices.Pool2Shape;
        var pool1 = indices.Pool1Shape;
        if (spikes.Classes != weights.Classes || spikes.Height != pool2.PooledHeight || spikes.Width != pool2.PooledWidth)
        {
            throw new InvalidInputException(
                $"decoder: classification map [{spikes.Classes}, {spikes.Height}, {spikes.Width}] does not match {weights.Classes} classes on the {pool2.PooledHeight}×{pool2.PooledWidth} pool2 output.");
        }

        if (pool2.Channels != weights.Conv2Channels || pool1.Channels != weights.Conv1Channels)
        {
            throw new InvalidInputException(
                $"decoder: pool index channels ({pool1.Channels}, {pool2.Channels}) do not match the conv1/conv2 channels ({weights.Conv1Channels}, {weights.Conv2Channels}).");
        }
    }
}
