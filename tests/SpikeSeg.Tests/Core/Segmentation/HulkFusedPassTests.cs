using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Decoding;
using SpikeSeg.Core.Segmentation;
using SpikeSeg.Tests.Core.Decoding;

namespace SpikeSeg.Tests.Core.Segmentation;

/// <summary>
/// The fused HULK pass (<see cref="HulkUnraveller.UnravelInto"/>) against the stage-by-stage reference pass
/// (<see cref="HulkUnraveller.UnravelIntoReference"/>): bit-identical masks, bounds, per-channel counts and ASH on
/// random models — maps wider than 64 and 128 pixels (several bitmap words per row), spikes on every border
/// (clipped kernels), overlapping and disjoint pools, channel counts that hit each row-add case and the vector
/// tails, weights of both signs, and untrained-like weights where every conv1 cell is certain to pass τ.
/// </summary>
public sealed class HulkFusedPassTests
{
    public enum WeightKind
    {
        MixedSign,
        UntrainedAboveTau,
        NonNegativeSomeBelowTau,
    }

    [Theory]
    [InlineData(WeightKind.MixedSign, 1)]
    [InlineData(WeightKind.MixedSign, 2)]
    [InlineData(WeightKind.UntrainedAboveTau, 3)]
    [InlineData(WeightKind.UntrainedAboveTau, 4)]
    [InlineData(WeightKind.NonNegativeSomeBelowTau, 5)]
    [InlineData(WeightKind.NonNegativeSomeBelowTau, 6)]
    public void FusedPass_EqualsReferencePass_OnEverySpike(WeightKind kind, int seed)
    {
        var random = new Random(seed);
        int spikesChecked = 0, nonEmpty = 0, certainModels = 0;
        for (int model = 0; model < 6; model++)
        {
            // Every other model has the shipped 2 polarity channels (the vector mask path).
            var (weights, indices, height3, width3) = RandomModel(random, kind, twoInputChannels: model % 2 == 0);
            var options = new HulkOptions { Threshold = 0.3f + (0.4f * random.NextSingle()), UnpoolIndices = UnpoolIndexSource.PerTimestep };
            var hulk = new HulkUnraveller(weights, options);
            certainModels += AllAbove(weights.Conv2, options.Threshold) ? 1 : 0;
            var fused = new HulkTrace(weights, indices.Timesteps);
            var reference = new HulkTrace(weights, indices.Timesteps);
            for (int t = 0; t < indices.Timesteps; t++)
            {
                for (int c = 0; c < weights.Classes; c++)
                {
                    foreach (var (y, x) in Positions(random, height3, width3))
                    {
                        var spike = new ClassificationSpike(t, c, y, x);
                        hulk.UnravelIntoReference(spike, indices, reference);
                        hulk.UnravelInto(spike, indices, fused);
                        Assert.Equal(reference.MaskPixels.ToArray(), fused.MaskPixels.ToArray());
                        Assert.Equal(reference.Bounds, fused.Bounds);
                        Assert.Equal(reference.Layer2SpikesPerChannel, fused.Layer2SpikesPerChannel);
                        Assert.Equal(reference.Layer1SpikesPerChannel, fused.Layer1SpikesPerChannel);
                        Assert.Equal(reference.Ash.Ones(), fused.Ash.Ones());
                        spikesChecked++;
                        nonEmpty += fused.MaskPixels.Length > 0 ? 1 : 0;
                    }
                }
            }
        }

        // The comparison only means something if masks are non-trivial, and the certain path only if it ran.
        Assert.True(nonEmpty >= spikesChecked / 3, $"{nonEmpty} of {spikesChecked} masks non-empty");
        Assert.Equal(kind == WeightKind.UntrainedAboveTau, certainModels == 6);
    }

    [Fact]
    public void FusedPass_FollowsRefreshedWeights_LikeTheReference()
    {
        var random = new Random(7);
        var (weights, indices, height3, width3) = RandomModel(random, WeightKind.UntrainedAboveTau);
        var hulk = new HulkUnraveller(weights, new HulkOptions { Threshold = 0.5f });
        var spike = new ClassificationSpike(0, 0, height3 / 2, width3 / 2);
        var fused = new HulkTrace(weights, indices.Timesteps);
        var reference = new HulkTrace(weights, indices.Timesteps);

        // One conv2 weight below τ ends the certainty; one conv3 weight below τ drops a tap: both must be seen.
        weights.Conv2.Oihw[random.Next(weights.Conv2.Oihw.Length)] = 0.1f;
        weights.Conv3.Oihw[random.Next(weights.Conv3.Oihw.Length)] = 0.1f;
        hulk.RefreshWeights();
        hulk.UnravelIntoReference(spike, indices, reference);
        hulk.UnravelInto(spike, indices, fused);
        Assert.Equal(reference.MaskPixels.ToArray(), fused.MaskPixels.ToArray());
        Assert.Equal(reference.Layer2SpikesPerChannel, fused.Layer2SpikesPerChannel);
        Assert.Equal(reference.Layer1SpikesPerChannel, fused.Layer1SpikesPerChannel);
    }

    private static bool AllAbove(ConvWeightBank bank, float tau) => bank.Oihw.All(w => w > tau);

    /// <summary>Every corner and edge midpoint of the classification map, then random interior cells.</summary>
    private static IEnumerable<(int Y, int X)> Positions(Random random, int height, int width)
    {
        int[] ys = [0, height / 2, height - 1];
        int[] xs = [0, width / 2, width - 1];
        foreach (int y in ys.Distinct())
        {
            foreach (int x in xs.Distinct())
            {
                yield return (y, x);
            }
        }

        for (int i = 0; i < 4; i++)
        {
            yield return (random.Next(height), random.Next(width));
        }
    }

    private static (DecoderWeights Weights, PoolIndexHistory Indices, int Height3, int Width3) RandomModel(Random random, WeightKind kind, bool twoInputChannels = false)
    {
        int[] channelChoices = [1, 2, 3, 4, 5, 8];
        int inputs = twoInputChannels ? 2 : channelChoices[random.Next(channelChoices.Length)];
        int c1 = channelChoices[random.Next(channelChoices.Length)];
        int c2 = random.Next(1, 7), classes = random.Next(1, 3);
        int k1 = (2 * random.Next(0, 4)) + 1, k2 = (2 * random.Next(0, 4)) + 1, k3 = (2 * random.Next(0, 4)) + 1;
        PoolSpec[] pools = [new(2, 2), new(3, 2), new(2, 1), new(3, 3)];
        var pool1 = pools[random.Next(pools.Length)];
        var pool2 = pools[random.Next(pools.Length)];

        // Input rows of 20–200 pixels: one to four bitmap words, runs that straddle word boundaries.
        int h1 = random.Next(12, 40), w1 = random.Next(20, 201);
        int h2 = pool1.OutputSize(h1), w2 = pool1.OutputSize(w1);
        int h3 = pool2.OutputSize(h2), w3 = pool2.OutputSize(w2);
        int timesteps = random.Next(1, 3);
        var (conv2Min, conv2Max) = kind switch
        {
            WeightKind.MixedSign => (-0.4f, 0.6f),
            WeightKind.UntrainedAboveTau => (0.78f, 0.82f),
            _ => (0f, 0.9f),
        };
        var weights = new DecoderWeights(
            DecoderTestModels.RandomBank(random, c1, inputs, k1, -0.5f, 0.6f),
            DecoderTestModels.RandomBank(random, c2, c1, k2, conv2Min, conv2Max),
            DecoderTestModels.RandomBank(random, classes, c2, k3, kind == WeightKind.UntrainedAboveTau ? 0.78f : 0f, kind == WeightKind.UntrainedAboveTau ? 0.82f : 1.2f));
        var p1 = new List<PoolIndexMap>();
        var p2 = new List<PoolIndexMap>();
        for (int t = 0; t < timesteps; t++)
        {
            p1.Add(DecoderTestModels.RandomIndices(random, c1, h1, w1, pool1));
            p2.Add(DecoderTestModels.RandomIndices(random, c2, h2, w2, pool2));
        }

        return (weights, new PoolIndexHistory(p1, p2), h3, w3);
    }
}
