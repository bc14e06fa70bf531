using SpikeSeg.Core;
using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Tests.Core.Decoding;

public sealed class TransposedKernelTests
{
    [Fact]
    public void Refill_LaysOutNewWeightsExactlyAsFromDoes()
    {
        var random = new Random(11);
        foreach (int k in new[] { 1, 3, 5, 7 })
        {
            var first = DecoderTestModels.RandomBank(random, 3, 4, k, -1f, 1f);
            var second = DecoderTestModels.RandomBank(random, 3, 4, k, -1f, 1f);
            var kernel = TransposedKernel.From(first);
            var values = kernel.Values;

            kernel.Refill(second);

            Assert.Same(values, kernel.Values);
            Assert.Equal(TransposedKernel.From(second).Values, kernel.Values);
            Assert.Equal(second[2, 3, k - 1, 0], kernel.Values[((((2 * k) + (k - 1)) * k) + 0) * 4 + 3]);
        }
    }

    [Fact]
    public void Refill_RejectsAnotherShape()
    {
        var random = new Random(3);
        var kernel = TransposedKernel.From(DecoderTestModels.RandomBank(random, 2, 2, 3));
        Assert.False(kernel.Fits(DecoderTestModels.RandomBank(random, 2, 3, 3)));
        Assert.Throws<InvalidInputException>(() => kernel.Refill(DecoderTestModels.RandomBank(random, 2, 2, 5)));
    }
}
