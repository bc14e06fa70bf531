using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

public sealed class ScatterKernelTests
{
    [Fact]
    public void VectorAndScalarGiveTheSameBitsForEveryLength()
    {
        var r = new Random(7);
        for (int length = 0; length <= 256; length++)
        {
            var source = new float[length];
            var start = new float[length];
            for (int i = 0; i < length; i++)
            {
                source[i] = (float)((r.NextDouble() * 4) - 2);
                start[i] = (float)((r.NextDouble() * 4) - 2);
            }

            float scale = (float)((r.NextDouble() * 3) - 1);
            var vector = (float[])start.Clone();
            var scalar = (float[])start.Clone();
            ScatterKernel.AddScaled(vector, source, scale);
            ScatterKernel.AddScaledScalar(scalar, source, scale);
            for (int i = 0; i < length; i++)
            {
                // The oracle: one float multiply, rounded, then one float add.
                float expected = start[i] + (float)(source[i] * scale);
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(scalar[i]));
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(vector[i]));
            }
        }
    }

    [Fact]
    public void VectorKernelTouchesOnlyItsSlice()
    {
        var buffer = new float[40];
        ScatterKernel.AddScaled(buffer.AsSpan(3, 33), Enumerable.Repeat(1f, 33).ToArray(), 2f);
        Assert.All(buffer.Take(3), v => Assert.Equal(0f, v));
        Assert.All(buffer.Skip(3).Take(33), v => Assert.Equal(2f, v));
        Assert.All(buffer.Skip(36), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ScatterKernel.AddScaled(new float[3], new float[4], 1f));
        Assert.Throws<ArgumentException>(() => ScatterKernel.AddScaledScalar(new float[3], new float[2], 1f));
    }
}
