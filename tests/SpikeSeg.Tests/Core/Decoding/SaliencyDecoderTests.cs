using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Tests.Core.Decoding;

public sealed class SaliencyDecoderTests
{
    private static readonly PoolSpec TwoByTwo = new(2, 2);

    /// <summary>
    /// 1×1 kernels, one channel everywhere, 4×4 input → 2×2 → 1×1 classification map: decoding is pure unpooling,
    /// so the saliency shows which indices were used. Step 0 routes the class cell to pixel (2, 3) = 11, step 1 to (1, 1) = 5.
    /// </summary>
    private static (DecoderWeights Weights, PoolIndexHistory Indices) PureUnpoolModel(float conv3Weight = 1f)
    {
        var weights = new DecoderWeights(new ConvWeightBank([1f], 1, 1, 1), new ConvWeightBank([1f], 1, 1, 1), new ConvWeightBank([conv3Weight], 1, 1, 1));
        var indices = new PoolIndexHistory(
            [new PoolIndexMap([0, 2, 8, 11], 1, 2, 2, 4, 4, TwoByTwo), new PoolIndexMap([5, 3, 12, 15], 1, 2, 2, 4, 4, TwoByTwo)],
            [new PoolIndexMap([3], 1, 1, 1, 2, 2, TwoByTwo), new PoolIndexMap([0], 1, 1, 1, 2, 2, TwoByTwo)]);
        return (weights, indices);
    }

    private static ClassificationSpikeTrain Spikes(params int[] timesteps) =>
        new(timesteps.Select(t => new ClassificationSpike(t, 0, 0, 0)), 2, 1, 1, 1);

    private static float[] Pixel(int index, float value = 1f)
    {
        var map = new float[16];
        map[index] = value;
        return map;
    }

    [Fact]
    public void Default_UnpoolsEachTimestepWithItsOwnIndices()
    {
        var (weights, indices) = PureUnpoolModel();
        var decoder = new SaliencyDecoder(weights, new DecoderOptions());

        // Spike at step 0: step 0's indices lead to pixel 11; at step 1 the delayed 0.9 stays under θ = 1.
        Assert.Equal(Pixel(11), decoder.Decode(Spikes(0), indices));
        Assert.Equal(Pixel(5), decoder.Decode(Spikes(1), indices));
    }

    [Fact]
    public void ReferenceCompatible_UsesTheLastStepsIndicesForEverySpike()
    {
        var (weights, indices) = PureUnpoolModel();
        var decoder = new SaliencyDecoder(weights, DecoderOptions.ReferenceCompatible);
        Assert.Equal(Pixel(5), decoder.Decode(Spikes(0), indices));
    }

    [Fact]
    public void DelayConnection_AddsTheDecayedPreviousInput()
    {
        // conv3 weight 0.45: step 0 leaves V = 0.45; step 1 brings (1 + 0.9)·0.45 = 0.855 → V = 1.305 ≥ 1 with the delay,
        // only 0.45 → V = 0.9 < 1 without it.
        var (weights, indices) = PureUnpoolModel(0.45f);
        var withDelay = new SaliencyDecoder(weights, new DecoderOptions()).Decode(Spikes(0, 1), indices);
        var withoutDelay = new SaliencyDecoder(weights, new DecoderOptions { DelayConnections = false }).Decode(Spikes(0, 1), indices);
        Assert.Equal(Pixel(5), withDelay);
        Assert.Equal(new float[16], withoutDelay);
    }

    [Fact]
    public void Default_ResetsStatePerSample_ReferenceKeepsIt()
    {
        // conv3 weight 0.6: one sample leaves V = 0.6, below θ. The reference's next call adds the buffered input
        // (0.6·(1 + 0.9)) to the persisting 0.6 and fires; the corrected decoder starts afresh and stays silent.
        var (weights, indices) = PureUnpoolModel(0.6f);
        var corrected = new SaliencyDecoder(weights, new DecoderOptions());
        var reference = new SaliencyDecoder(weights, DecoderOptions.ReferenceCompatible);
        var sample = Spikes(1);
        Assert.Equal(new float[16], corrected.Decode(sample, indices));
        Assert.Equal(new float[16], corrected.Decode(sample, indices));
        Assert.Equal(new float[16], reference.Decode(sample, indices));
        Assert.Equal(Pixel(5), reference.Decode(sample, indices));
    }

    [Fact]
    public void Default_ReadsTheEncodersCurrentWeights_ReferenceKeepsItsCopy()
    {
        var (weights, indices) = PureUnpoolModel();
        var live = new SaliencyDecoder(weights, new DecoderOptions());
        var copied = new SaliencyDecoder(weights, DecoderOptions.ReferenceCompatible);
        live.Decode(Spikes(1), indices);
        copied.Decode(Spikes(1), indices);

        weights.Conv1.Oihw[0] = 2.5f;
        Assert.Equal(Pixel(5, 2.5f), live.Decode(Spikes(1), indices));
        copied.ResetState();
        Assert.Equal(Pixel(5, 1f), copied.Decode(Spikes(1), indices));
    }

    [Fact]
    public void EventDrivenDecoding_EqualsDenseOracle()
    {
        int withSaliency = 0;
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var reference = random.Next(2) == 0;
            var options = reference ? DecoderOptions.ReferenceCompatible : new DecoderOptions();
            var (weights, indices, spikes) = RandomSample(random);
            var expected = DenseDecode(weights, spikes, indices, options);
            var actual = new SaliencyDecoder(weights, options).Decode(spikes, indices);
            DecoderTestModels.AssertClose(expected, actual);
            withSaliency += actual.Any(v => v != 0f) ? 1 : 0;
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));

        // The property only means something if the random models actually spike through both LIF layers.
        Assert.True(withSaliency >= 15, $"only {withSaliency} of 60 samples produced any saliency");
    }

    [Fact]
    public void MismatchedShapes_AndBadOptions_AreClearInputErrors()
    {
        var (weights, indices) = PureUnpoolModel();
        var decoder = new SaliencyDecoder(weights, new DecoderOptions());
        Assert.Throws<InvalidInputException>(() => decoder.Decode(new ClassificationSpikeTrain([], 2, 2, 1, 1), indices));
        Assert.Throws<InvalidInputException>(() => new SaliencyDecoder(weights, new DecoderOptions { Threshold = 0f }));
        Assert.Throws<InvalidInputException>(() => new SaliencyDecoder(weights, new DecoderOptions { DelayDecay = 1.5f }));

        // A spike at step 1 needs step 1's indices; only one step kept is an error unless the reference mode asks for it.
        var lastOnly = PoolIndexHistory.LastStepOnly(indices.Pool1(1, UnpoolIndexSource.PerTimestep), indices.Pool2(1, UnpoolIndexSource.PerTimestep));
        Assert.Throws<InvalidInputException>(() => decoder.Decode(Spikes(1), lastOnly));
    }

    internal static (DecoderWeights Weights, PoolIndexHistory Indices, ClassificationSpikeTrain Spikes) RandomSample(Random random)
    {
        int inputs = random.Next(1, 3), c1 = random.Next(1, 4), c2 = random.Next(1, 5), classes = random.Next(1, 3);
        int k1 = (2 * random.Next(0, 3)) + 1, k2 = (2 * random.Next(0, 3)) + 1, k3 = (2 * random.Next(0, 3)) + 1;
        var pool1 = new PoolSpec(2, 2);
        var pool2 = new PoolSpec(random.Next(1, 3), random.Next(1, 3));
        int h1 = random.Next(4, 13), w1 = random.Next(4, 13);
        int h2 = pool1.OutputSize(h1), w2 = pool1.OutputSize(w1);
        int h3 = pool2.OutputSize(h2), w3 = pool2.OutputSize(w2);
        int timesteps = random.Next(1, 4);
        var weights = new DecoderWeights(
            DecoderTestModels.RandomBank(random, c1, inputs, k1),
            DecoderTestModels.RandomBank(random, c2, c1, k2, 0f, 0.6f),
            DecoderTestModels.RandomBank(random, classes, c2, k3, 0f, 1.2f));
        var p1 = new List<PoolIndexMap>();
        var p2 = new List<PoolIndexMap>();
        for (int t = 0; t < timesteps; t++)
        {
            p1.Add(DecoderTestModels.RandomIndices(random, c1, h1, w1, pool1));
            p2.Add(DecoderTestModels.RandomIndices(random, c2, h2, w2, pool2));
        }

        var spikeList = new List<ClassificationSpike>();
        for (int t = 0; t < timesteps; t++)
        {
            for (int c = 0; c < classes; c++)
            {
                for (int y = 0; y < h3; y++)
                {
                    for (int x = 0; x < w3; x++)
                    {
                        if (random.NextDouble() < 0.25)
                        {
                            spikeList.Add(new ClassificationSpike(t, c, y, x));
                        }
                    }
                }
            }
        }

        return (weights, new PoolIndexHistory(p1, p2), new ClassificationSpikeTrain(spikeList, timesteps, classes, h3, w3));
    }

    /// <summary>The decoder written densely over CHW maps from the oracles, one fresh sample.</summary>
    private static float[] DenseDecode(DecoderWeights w, ClassificationSpikeTrain spikes, PoolIndexHistory indices, DecoderOptions options)
    {
        var p1 = indices.Pool1Shape;
        var p2 = indices.Pool2Shape;
        int h3 = spikes.Height, w3 = spikes.Width;
        var saliency = new float[w.InputChannels * p1.InputHeight * p1.InputWidth];
        var m3 = new float[w.Conv2Channels * h3 * w3];
        var m2 = new float[w.Conv1Channels * p2.InputHeight * p2.InputWidth];
        float[]? previous = null;
        bool summed = options.TimeHandling == DecoderTimeHandling.SumOverTime;
        int steps = summed ? 1 : spikes.Timesteps;
        for (int t = 0; t < steps; t++)
        {
            var input = new float[spikes.Classes * h3 * w3];
            foreach (var s in spikes.Spikes)
            {
                if (summed || s.TimestepIndex == t)
                {
                    input[(((s.ClassId * h3) + s.Y) * w3) + s.X] += 1f;
                }
            }

            var delayed = (float[])input.Clone();
            if (previous is not null)
            {
                for (int i = 0; i < delayed.Length; i++)
                {
                    delayed[i] += options.DelayDecay * previous[i];
                }
            }

            previous = input;
            int step = summed ? indices.Timesteps - 1 : t;
            var pool2 = indices.Pool2(step, options.UnpoolIndices);
            var pool1 = indices.Pool1(step, options.UnpoolIndices);

            var i3 = new float[m3.Length];
            TransposedConvolution.Dense(delayed, w.Conv3, h3, w3, i3);
            var s3 = Lif(i3, m3, options.Threshold);
            var u2 = new float[w.Conv2Channels * p2.InputHeight * p2.InputWidth];
            MaxUnpool.Dense(s3, pool2, u2);
            var i2 = new float[m2.Length];
            TransposedConvolution.Dense(u2, w.Conv2, p2.InputHeight, p2.InputWidth, i2);
            var s2 = Lif(i2, m2, options.Threshold);
            var u1 = new float[w.Conv1Channels * p1.InputHeight * p1.InputWidth];
            MaxUnpool.Dense(s2, pool1, u1);
            var contribution = new float[saliency.Length];
            TransposedConvolution.Dense(u1, w.Conv1, p1.InputHeight, p1.InputWidth, contribution);
            for (int i = 0; i < saliency.Length; i++)
            {
                saliency[i] += contribution[i];
            }
        }

        return saliency;
    }

    private static float[] Lif(float[] current, float[] membrane, float threshold)
    {
        var spikes = new float[current.Length];
        for (int i = 0; i < current.Length; i++)
        {
            float v = Math.Max(membrane[i] + current[i], 0f);
            spikes[i] = v >= threshold ? 1f : 0f;
            membrane[i] = v >= threshold ? 0f : v;
        }

        return spikes;
    }
}
