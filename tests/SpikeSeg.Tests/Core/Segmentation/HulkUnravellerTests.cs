using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Decoding;
using SpikeSeg.Core.Segmentation;
using SpikeSeg.Tests.Core.Decoding;

namespace SpikeSeg.Tests.Core.Segmentation;

public sealed class HulkUnravellerTests
{
    private static readonly PoolSpec TwoByTwo = new(2, 2);

    /// <summary>1×1 kernels (weight 1 unless given), 4×4 input, 2×2 pools: HULK is pure unpooling. Step 0 leads to pixel 11, step 1 to pixel 5.</summary>
    private static (DecoderWeights Weights, PoolIndexHistory Indices) PureUnpoolModel(params float[] conv3PerClass)
    {
        float[] conv3 = conv3PerClass.Length == 0 ? [1f] : conv3PerClass;
        var weights = new DecoderWeights(new ConvWeightBank([1f], 1, 1, 1), new ConvWeightBank([1f], 1, 1, 1), new ConvWeightBank(conv3, conv3.Length, 1, 1));
        var indices = new PoolIndexHistory(
            [new PoolIndexMap([0, 2, 8, 11], 1, 2, 2, 4, 4, TwoByTwo), new PoolIndexMap([5, 3, 12, 15], 1, 2, 2, 4, 4, TwoByTwo)],
            [new PoolIndexMap([3], 1, 1, 1, 2, 2, TwoByTwo), new PoolIndexMap([0], 1, 1, 1, 2, 2, TwoByTwo)]);
        return (weights, indices);
    }

    [Fact]
    public void OneSpike_TracesBackToThePixelItsOwnStepsIndicesSelected()
    {
        var (weights, indices) = PureUnpoolModel();
        var result = new HulkUnraveller(weights, new HulkOptions()).Unravel(new ClassificationSpike(0, 0, 0, 0), indices, 2);
        Assert.Equal([11], result.Mask.FlatPixels.ToArray());
        Assert.Equal(new BoundingBox(3, 2, 3, 2), result.Box);
        Assert.Equal([1], result.Layer2SpikesPerChannel);
        Assert.Equal([1], result.Layer1SpikesPerChannel);

        // Features: conv1 channel 0 → 0, conv2 channel 0 → C1 + 0 = 1, the class → C1 + C2 + 0 = 2.
        Assert.Equal([(0, 0), (1, 0), (2, 0)], result.Ash.Ones());
    }

    [Fact]
    public void ReferenceCompatible_UsesLastIndices_AndRecordsTheClassAsFeatureZero()
    {
        var (weights, indices) = PureUnpoolModel();
        var result = new HulkUnraveller(weights, HulkOptions.ReferenceCompatible).Unravel(new ClassificationSpike(0, 0, 0, 0), indices, 2);
        Assert.Equal([5], result.Mask.FlatPixels.ToArray());

        // The class id 0 collides with conv1 feature 0 (§16.9): two bits instead of three.
        Assert.Equal([(0, 0), (1, 0)], result.Ash.Ones());
    }

    [Fact]
    public void ActivityExactlyAtTheThreshold_IsNotActive()
    {
        var (weights, indices) = PureUnpoolModel(0.5f);
        var result = new HulkUnraveller(weights, new HulkOptions { Threshold = 0.5f }).Unravel(new ClassificationSpike(0, 0, 0, 0), indices, 2);
        Assert.True(result.Mask.IsEmpty);
        Assert.Null(result.Box);
        Assert.Equal(0, result.Layer2SpikeCount);
    }

    [Fact]
    public void Instances_KeepIterationPositionsAsIds_AndDropEmptyMasks()
    {
        // Class 1's weight 0.5 is not above τ, so its spike decodes to nothing; ids keep the gap.
        var (weights, indices) = PureUnpoolModel(1f, 0.5f);
        var spikes = new ClassificationSpikeTrain(
            [new ClassificationSpike(1, 0, 0, 0), new ClassificationSpike(0, 1, 0, 0), new ClassificationSpike(0, 0, 0, 0)], 2, 2, 1, 1);
        var results = new HulkUnraveller(weights, new HulkOptions()).UnravelAll(spikes, indices);
        Assert.Equal([(0, 0), (0, 1), (1, 0)], results.Select(r => (r.Spike.TimestepIndex, r.Spike.ClassId)));

        var instances = HulkUnraveller.ToInstances(results);
        Assert.Equal([0, 2], instances.Select(i => i.InstanceId));
        Assert.Equal(new BoundingBox(1, 1, 1, 1), instances[1].Box);
    }

    [Fact]
    public void UnravelAll_ReadsTheEncodersCurrentWeights()
    {
        var (weights, indices) = PureUnpoolModel();
        var hulk = new HulkUnraveller(weights, new HulkOptions());
        var spikes = new ClassificationSpikeTrain([new ClassificationSpike(0, 0, 0, 0)], 2, 1, 1, 1);
        Assert.Single(HulkUnraveller.ToInstances(hulk.UnravelAll(spikes, indices)));

        weights.Conv1.Oihw[0] = -1f;
        Assert.Empty(HulkUnraveller.ToInstances(hulk.UnravelAll(spikes, indices)));
    }

    [Fact]
    public void BadThreshold_AndSpikesOutsideTheMap_AreInputErrors()
    {
        var (weights, indices) = PureUnpoolModel();
        Assert.Throws<InvalidInputException>(() => new HulkUnraveller(weights, new HulkOptions { Threshold = 1.5f }));
        var hulk = new HulkUnraveller(weights, new HulkOptions());
        Assert.Throws<InvalidInputException>(() => hulk.Unravel(new ClassificationSpike(0, 0, 1, 0), indices, 2));
        Assert.Throws<InvalidInputException>(() => hulk.Unravel(new ClassificationSpike(0, 1, 0, 0), indices, 2));
    }

    [Fact]
    public void EventDrivenUnravel_EqualsDenseOracle()
    {
        int nonEmpty = 0;
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var (weights, indices, spikes) = SaliencyDecoderTests.RandomSample(random);
            var options = new HulkOptions { Threshold = 0.2f + (0.6f * random.NextSingle()) };
            var hulk = new HulkUnraveller(weights, options);
            foreach (var spike in spikes.Spikes)
            {
                var actual = hulk.Unravel(spike, indices, spikes.Timesteps);
                var (mask, layer2, layer1) = DenseUnravel(weights, indices, spike, options.Threshold);
                Assert.Equal(mask, actual.Mask.FlatPixels.ToArray());
                Assert.Equal(layer2, actual.Layer2SpikesPerChannel);
                Assert.Equal(layer1, actual.Layer1SpikesPerChannel);
                nonEmpty += mask.Length > 0 ? 1 : 0;
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
        Assert.True(nonEmpty >= 20, $"only {nonEmpty} spikes decoded to a non-empty mask");
    }

    /// <summary>HULK written densely over CHW maps with the oracles.</summary>
    private static (int[] Mask, int[] Layer2, int[] Layer1) DenseUnravel(DecoderWeights w, PoolIndexHistory indices, ClassificationSpike spike, float tau)
    {
        var pool2 = indices.Pool2(spike.TimestepIndex, UnpoolIndexSource.PerTimestep);
        var pool1 = indices.Pool1(spike.TimestepIndex, UnpoolIndexSource.PerTimestep);
        int h3 = pool2.PooledHeight, w3 = pool2.PooledWidth;
        var oneHot = new float[w.Classes * h3 * w3];
        oneHot[(((spike.ClassId * h3) + spike.Y) * w3) + spike.X] = 1f;

        var a2 = new float[w.Conv2Channels * h3 * w3];
        TransposedConvolution.Dense(oneHot, w.Conv3, h3, w3, a2);
        var layer2 = Binarise(a2, tau, w.Conv2Channels);
        var u2 = new float[w.Conv2Channels * pool2.InputHeight * pool2.InputWidth];
        MaxUnpool.Dense(a2, pool2, u2);

        var a1 = new float[w.Conv1Channels * pool2.InputHeight * pool2.InputWidth];
        TransposedConvolution.Dense(u2, w.Conv2, pool2.InputHeight, pool2.InputWidth, a1);
        var layer1 = Binarise(a1, tau, w.Conv1Channels);
        var u1 = new float[w.Conv1Channels * pool1.InputHeight * pool1.InputWidth];
        MaxUnpool.Dense(a1, pool1, u1);

        int plane = pool1.InputHeight * pool1.InputWidth;
        var p = new float[w.InputChannels * plane];
        TransposedConvolution.Dense(u1, w.Conv1, pool1.InputHeight, pool1.InputWidth, p);
        var mask = Enumerable.Range(0, plane).Where(i => Enumerable.Range(0, w.InputChannels).Sum(c => p[(c * plane) + i]) > 0f).ToArray();
        return (mask, layer2, layer1);
    }

    private static int[] Binarise(float[] map, float tau, int channels)
    {
        var perChannel = new int[channels];
        int plane = map.Length / channels;
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = map[i] > tau ? 1f : 0f;
            perChannel[i / plane] += (int)map[i];
        }

        return perChannel;
    }
}
