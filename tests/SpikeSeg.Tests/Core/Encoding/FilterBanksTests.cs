using SpikeSeg.Core.Encoding;

namespace SpikeSeg.Tests.Core.Encoding;

public sealed class FilterBanksTests
{
    [Theory]
    [InlineData(3, 0.5)]
    [InlineData(5, 1.0)]
    [InlineData(7, 2.0)]
    public void Gaussian_SumsToOne_AndPeaksAtTheCentre(int size, double sigma)
    {
        double[] g = FilterBanks.Gaussian(size, sigma);
        Assert.Equal(1.0, g.Sum(), 12);
        Assert.Equal(g.Max(), g[((size / 2) * size) + (size / 2)]);
    }

    [Fact]
    public void Dog_OnIsCentreMinusSurround_OffIsItsNegation_BothSumToZero()
    {
        float[] dog = FilterBanks.DifferenceOfGaussians(5, 1.0, 2.0);
        double[] centre = FilterBanks.Gaussian(5, 1.0), surround = FilterBanks.Gaussian(5, 2.0);
        for (int i = 0; i < 25; i++)
        {
            Assert.Equal((float)(centre[i] - surround[i]), dog[i]);
            Assert.Equal(-dog[i], dog[25 + i]);
        }

        Assert.True(dog[12] > 0, "an ON kernel is positive at its centre");
        Assert.Equal(0.0, dog.Take(25).Sum(v => (double)v), 6);
    }

    [Fact]
    public void Gabor_KernelsAreZeroMean_AndOrientationsRotate()
    {
        float[] bank = FilterBanks.Gabor(5, 1.0, 0.5, 4);
        for (int o = 0; o < 4; o++)
        {
            Assert.Equal(0.0, bank.Skip(o * 25).Take(25).Sum(v => (double)v), 6);
        }

        // θ = π/2 (index 1) varies along columns exactly as θ = π (index 3) varies along rows.
        for (int i = 0; i < 5; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(bank[(3 * 25) + (i * 5) + j], bank[(1 * 25) + (j * 5) + i], 6);
            }
        }
    }

    [Fact]
    public void Conv1Init_AlternatesOnAndOff_AndCopiesIntoEveryInputChannel()
    {
        float[] dog = FilterBanks.DifferenceOfGaussians(5);
        float[] weights = FilterBanks.Conv1DogInit(5, 3, 5);
        Assert.Equal(5 * 3 * 25, weights.Length);
        for (int o = 0; o < 5; o++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(dog.AsSpan((o % 2) * 25, 25).ToArray(), weights.AsSpan(((o * 3) + c) * 25, 25).ToArray());
            }
        }
    }
}
