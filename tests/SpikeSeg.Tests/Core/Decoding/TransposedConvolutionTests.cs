using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core;
using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Tests.Core.Decoding;

public sealed class TransposedConvolutionTests
{
    private static ConvWeightBank OneToNine() => new([1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 1, 3);

    [Fact]
    public void CentreImpulse_ReproducesTheKernelUnflipped()
    {
        // out[Y, X] = in[Y + 1 − a, X + 1 − b]·W[a, b]; with the impulse at (1, 1) only a = Y, b = X remain.
        var input = new float[9];
        input[4] = 1f;
        var output = new float[9];
        TransposedConvolution.Dense(input, OneToNine(), 3, 3, output);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f], output);
    }

    [Fact]
    public void CornerImpulse_KeepsOnlyTheInsidePartOfTheKernel()
    {
        // Impulse at (0, 0): out[Y, X] = W[Y + 1, X + 1] for Y, X ∈ {0, 1}.
        var input = new float[9];
        input[0] = 2f;
        var dense = new float[9];
        TransposedConvolution.Dense(input, OneToNine(), 3, 3, dense);
        Assert.Equal([10f, 12f, 0f, 16f, 18f, 0f, 0f, 0f, 0f], dense);
        Assert.Equal(dense, DecoderTestModels.ScatterToChw(input, OneToNine(), 3, 3, vectorized: true));
        Assert.Equal(dense, DecoderTestModels.ScatterToChw(input, OneToNine(), 3, 3, vectorized: false));
    }

    [Fact]
    public void ChannelsAreTransposed_EncoderOutputsBecomeInputs()
    {
        // Encoder W[out 0, in 1] = 3 (1×1 kernels), everything else 0: decoding channel 0 writes to channel 1 only.
        var w = new ConvWeightBank([0f, 3f], 1, 2, 1);
        var output = new float[2];
        TransposedConvolution.Dense([2f], w, 1, 1, output);
        Assert.Equal([0f, 6f], output);
    }

    [Fact]
    public void IsTheAdjointOfTheEncoderConvolution()
    {
        // <conv(x), y> = <x, convᵀ(y)> for every x, y: the defining property of the tied decoder.
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            int h = random.Next(1, 9), w = random.Next(1, 9), k = (2 * random.Next(0, 3)) + 1;
            var bank = DecoderTestModels.RandomBank(random, random.Next(1, 4), random.Next(1, 4), k, -1f, 1f);
            var x = DecoderTestModels.RandomSparseMap(random, bank.InChannels * h * w, 0.5);
            var y = DecoderTestModels.RandomSparseMap(random, bank.OutChannels * h * w, 0.5);
            var convX = DecoderTestModels.ForwardConv(x, bank, h, w);
            var convTy = new float[x.Length];
            TransposedConvolution.Dense(y, bank, h, w, convTy);
            double left = convX.Zip(y, (a, b) => (double)a * b).Sum();
            double right = x.Zip(convTy, (a, b) => (double)a * b).Sum();
            return Math.Abs(left - right) <= 1e-3 * Math.Max(1.0, Math.Abs(left));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public void SparseScatter_EqualsDenseOracle_ScalarAndVector()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            int h = random.Next(1, 12), w = random.Next(1, 12), k = (2 * random.Next(0, 4)) + 1;
            var bank = DecoderTestModels.RandomBank(random, random.Next(1, 5), random.Next(1, 10), k, -1f, 1f);
            var input = DecoderTestModels.RandomSparseMap(random, bank.OutChannels * h * w, random.NextDouble() * 0.4);
            var dense = new float[bank.InChannels * h * w];
            TransposedConvolution.Dense(input, bank, h, w, dense);
            DecoderTestModels.AssertClose(dense, DecoderTestModels.ScatterToChw(input, bank, h, w, vectorized: false));
            DecoderTestModels.AssertClose(dense, DecoderTestModels.ScatterToChw(input, bank, h, w, vectorized: true));
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public void VectorScatter_MatchesScalarScatter_ForRunLengths1To256()
    {
        // One run is kernelSize × targetChannels floats; sweep the target channels so runs cover 1..256 and every tail.
        var random = new Random(7);
        foreach (int k in new[] { 1, 3, 5, 7 })
        {
            for (int targets = 1; targets * k <= 256; targets++)
            {
                var bank = DecoderTestModels.RandomBank(random, 2, targets, k, -1f, 1f);
                var input = DecoderTestModels.RandomSparseMap(random, 2 * 9 * 9, 0.2);
                input[(9 * 4) + 4] = 1.5f;
                Assert.Equal(
                    DecoderTestModels.ScatterToChw(input, bank, 9, 9, vectorized: false),
                    DecoderTestModels.ScatterToChw(input, bank, 9, 9, vectorized: true));
            }
        }
    }

    [Fact]
    public void CellOutsideTheMap_IsAClearInputError()
    {
        var kernel = TransposedKernel.From(OneToNine());
        var ex = Assert.Throws<InvalidInputException>(() =>
            TransposedConvolution.Scatter([new ActiveCell(0, 3, 0, 1f)], kernel, 3, 3, new float[9]));
        Assert.Contains("outside", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightBank_RejectsEvenKernelsAndWrongLengths()
    {
        Assert.Throws<InvalidInputException>(() => new ConvWeightBank(new float[4], 1, 1, 2));
        Assert.Throws<InvalidInputException>(() => new ConvWeightBank(new float[8], 1, 1, 3));
    }
}
