using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Tests.Core.Decoding;

public sealed class ScaledAddTests
{
    [Fact]
    public void Scalar_AddsScaledSource()
    {
        float[] destination = [1f, 2f, -3f];
        ScaledAdd.Scalar(destination, [1f, 0.5f, 2f], 4f);
        Assert.Equal([5f, 4f, 5f], destination);
    }

    [Fact]
    public void Vectorized_MatchesScalar_ForEveryLength0To256_AndEveryOffset()
    {
        var random = new Random(42);
        for (int length = 0; length <= 256; length++)
        {
            // Offsets 0..2 put the vector blocks at unaligned starts as well.
            for (int offset = 0; offset < 3; offset++)
            {
                var source = new float[length + offset];
                var expected = new float[length + offset + 1];
                for (int i = 0; i < source.Length; i++)
                {
                    source[i] = (random.NextSingle() * 4f) - 2f;
                }

                for (int i = 0; i < expected.Length; i++)
                {
                    expected[i] = random.NextSingle();
                }

                var actual = (float[])expected.Clone();
                float scale = (random.NextSingle() * 3f) - 1f;
                ScaledAdd.Scalar(expected.AsSpan(offset, length), source.AsSpan(offset, length), scale);
                ScaledAdd.Vectorized(actual.AsSpan(offset, length), source.AsSpan(offset, length), scale);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void ShorterDestination_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => ScaledAdd.Vectorized(new float[2], new float[3], 1f));
        Assert.Throws<ArgumentException>(() => ScaledAdd.Scalar(new float[2], new float[3], 1f));
    }
}
