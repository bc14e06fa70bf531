using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Tests.Core.Learning;

public sealed class MultiplicativeKernelTests
{
    [Fact]
    public void VectorKernel_MatchesScalarBitForBit_ForEveryLength0To256()
    {
        var random = new DeterministicRandom(7);
        for (int length = 0; length <= 256; length++)
        {
            var weights = new float[length];
            var pre = new float[length];
            var scalar = new float[length];
            for (int i = 0; i < length; i++)
            {
                weights[i] = (float)random.NextDouble();
                // Mix of causal, late, never (−1), padding (+∞) and NaN times.
                pre[i] = random.NextInt(6) switch
                {
                    0 => -1f,
                    1 => float.PositiveInfinity,
                    2 => float.NaN,
                    _ => random.NextInt(8),
                };
                scalar[i] = (float)random.NextDouble() - 0.5f;
            }

            var vector = (float[])scalar.Clone();
            MultiplicativeRule.AccumulateScalar(weights, pre, 4f, 0.04f, 0.03f, scalar);
            MultiplicativeRule.AccumulateVector(weights, pre, 4f, 0.04f, 0.03f, vector);
            for (int i = 0; i < length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(scalar[i]) == BitConverter.SingleToInt32Bits(vector[i]), $"length {length}, index {i}: scalar {scalar[i]}, vector {vector[i]}");
            }
        }
    }

    [Fact]
    public void Kernel_AgreesWithPerSynapseRule()
    {
        var rule = new MultiplicativeRule(0.04f, 0.03f);
        float[] weights = [0.2f, 0.4f, 0.6f, 0.8f, 0.5f, 0.9f, 0.1f, 0.3f, 0.7f, 0.45f, 0.55f];
        float[] pre = [0f, 1f, 2f, 3f, -1f, float.PositiveInfinity, 2f, 5f, 0f, 1f, 4f];
        var delta = new float[weights.Length];
        rule.AccumulateReceptiveField(weights, pre, 2f, delta);
        for (int i = 0; i < weights.Length; i++)
        {
            Assert.Equal(rule.WeightChange(weights[i], pre[i], 2f, SpikeTime.HasFired(pre[i])), delta[i]);
        }
    }

    [Fact]
    public void Kernel_RejectsMismatchedLengths()
    {
        Assert.Throws<ArgumentException>(() => MultiplicativeRule.AccumulateVector(new float[4], new float[3], 1f, 0.04f, 0.03f, new float[4]));
    }
}
