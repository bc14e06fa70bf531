using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Tests.Core.Decoding;

public sealed class PixelRunAddTests
{
    [Fact]
    public void PixelAlignedAdd_MatchesScalar_ForEveryChannelCountAndRunLength()
    {
        var random = new Random(11);
        for (int channels = 1; channels <= 40; channels++)
        {
            for (int pixels = 0; pixels <= 9; pixels++)
            {
                for (int offset = 0; offset < 3; offset++)
                {
                    int length = pixels * channels;
                    var source = Enumerable.Range(0, length + offset).Select(_ => (random.NextSingle() * 4f) - 2f).ToArray();
                    var expected = Enumerable.Range(0, length + offset + 1).Select(_ => random.NextSingle()).ToArray();
                    var actual = (float[])expected.Clone();
                    float scale = random.Next(3) == 0 ? 1f : (random.NextSingle() * 3f) - 1f;
                    ScaledAdd.Scalar(expected.AsSpan(offset, length), source.AsSpan(offset, length), scale);
                    PixelRunAdd.Add(actual.AsSpan(offset, length), source.AsSpan(offset, length), channels, scale);
                    Assert.Equal(expected, actual);
                }
            }
        }
    }

    [Fact]
    public void PartialPixels_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => PixelRunAdd.Add(new float[8], new float[5], 2, 1f));
        Assert.Throws<ArgumentException>(() => PixelRunAdd.Add(new float[2], new float[4], 2, 1f));
    }
}
