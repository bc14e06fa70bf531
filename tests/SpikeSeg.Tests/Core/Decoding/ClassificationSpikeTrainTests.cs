using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Decoding;
using SpikeSeg.Core.Segmentation;

namespace SpikeSeg.Tests.Core.Decoding;

public sealed class ClassificationSpikeTrainTests
{
    [Fact]
    public void Spikes_AreInTimestepClassRowMajorOrder()
    {
        var train = new ClassificationSpikeTrain(
            [new(1, 0, 0, 0), new(0, 1, 0, 0), new(0, 0, 1, 0), new(0, 0, 0, 1)], 2, 2, 2, 2);
        Assert.Equal([new(0, 0, 0, 1), new(0, 0, 1, 0), new(0, 1, 0, 0), new ClassificationSpike(1, 0, 0, 0)], train.Spikes.ToArray());
    }

    [Fact]
    public void FromDense_ReadsTCHW_AndTimeSumCountsPerCell()
    {
        // [T 2, C 1, H 1, W 2]: (t0, x1), (t1, x0), (t1, x1).
        var train = ClassificationSpikeTrain.FromDense([0f, 1f, 1f, 1f], 2, 1, 1, 2);
        Assert.Equal([new(0, 0, 0, 1), new(1, 0, 0, 0), new ClassificationSpike(1, 0, 0, 1)], train.Spikes.ToArray());
        Assert.Equal([new ActiveCell(0, 0, 0, 1f), new ActiveCell(0, 0, 1, 2f)], train.TimeSummedCells());
        Assert.Equal([new ActiveCell(0, 0, 0, 1f), new ActiveCell(0, 0, 1, 1f)], train.CellsAt(1));
    }

    [Fact]
    public void SpikeOutsideTheShape_IsAnInputError()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new ClassificationSpikeTrain([new(2, 0, 0, 0)], 2, 1, 1, 1));
        Assert.Contains("t 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_FromSpec_CarryTheConfiguredValues()
    {
        var spec = new DecoderSpec { Threshold = 2f, Leak = 0.25f, DelayDecay = 0.5f, HulkThreshold = 0.3f, UnpoolIndices = UnpoolIndexSource.LastTimestep };
        var decoder = DecoderOptions.FromSpec(spec);
        Assert.Equal((2f, 0.25f, 0.5f, UnpoolIndexSource.LastTimestep), (decoder.Threshold, decoder.LeakFactor, decoder.DelayDecay, decoder.UnpoolIndices));
        var hulk = HulkOptions.FromSpec(spec);
        Assert.Equal((0.3f, UnpoolIndexSource.LastTimestep, ClassFeatureIdMode.AfterLayerFeatures), (hulk.Threshold, hulk.UnpoolIndices, hulk.ClassFeatureIds));
    }
}
