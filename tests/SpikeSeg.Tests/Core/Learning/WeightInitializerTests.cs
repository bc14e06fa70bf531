using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Tests.Core.Learning;

public sealed class WeightInitializerTests
{
    [Fact]
    public void SameSeed_GivesBitIdenticalWeights_AndAnotherSeedDoesNot()
    {
        var spec = new LearningSpec();
        float[] Draw(ulong seed)
        {
            var conv2 = new float[36 * 4 * 25];
            var conv3 = new float[2 * 36 * 49];
            WeightInitializer.InitializeLearnedLayers(conv2, conv3, spec, new DeterministicRandom(seed));
            return [.. conv2, .. conv3];
        }

        var a = Draw(42);
        var b = Draw(42);
        Assert.True(a.Select(BitConverter.SingleToInt32Bits).SequenceEqual(b.Select(BitConverter.SingleToInt32Bits)));
        Assert.False(a.SequenceEqual(Draw(43)));
    }

    [Fact]
    public void Order_IsConv2ThenConv3FromOneGenerator()
    {
        var spec = new LearningSpec();
        var conv2 = new float[10];
        var conv3 = new float[7];
        WeightInitializer.InitializeLearnedLayers(conv2, conv3, spec, new DeterministicRandom(5));
        var joined = new float[17];
        WeightInitializer.Fill(joined, spec.InitMean, spec.InitStd, WeightBounds.From(spec), new DeterministicRandom(5));
        Assert.Equal(joined, conv2.Concat(conv3).ToArray());
    }

    [Fact]
    public void Weights_AreClampedToTheBounds_AndCentredOnTheMean()
    {
        var weights = new float[4000];
        WeightInitializer.Fill(weights, 0.9f, 0.5f, new WeightBounds(0.2f, 1f), new DeterministicRandom(11));
        Assert.All(weights, w => Assert.InRange(w, 0.2f, 1f));
        Assert.Contains(weights, w => w == 1f);

        var narrow = new float[4000];
        WeightInitializer.Fill(narrow, 0.8f, 0.01f, new WeightBounds(0f, 1f), new DeterministicRandom(11));
        // Mean of 4000 draws of N(0.8, 0.01): standard error 0.00016.
        Assert.InRange(narrow.Average(), 0.799, 0.801);
    }

    [Fact]
    public void NegativeStd_IsRejectedWithTheSettingName()
    {
        var ex = Assert.Throws<InvalidInputException>(() => WeightInitializer.Fill(new float[3], 0.8f, -1f, new WeightBounds(0f, 1f), new DeterministicRandom(1)));
        Assert.Contains("initStd", ex.Message, StringComparison.Ordinal);
    }
}
