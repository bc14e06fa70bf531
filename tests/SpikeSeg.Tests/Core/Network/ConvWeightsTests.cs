using SpikeSeg.Core;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

public sealed class ConvWeightsTests
{
    [Fact]
    public void FeatureUpdateRefreshesTheTransposedLayoutAndTheVersion()
    {
        var w = new ConvWeights(3, 2, 2);
        w.SetAll(Enumerable.Range(0, 24).Select(i => (float)i).ToArray());
        Assert.Equal(1, w.Version);
        w.SetFeature(1, [100, 101, 102, 103, 104, 105, 106, 107]);
        Assert.Equal(2, w.Version);
        // Scatter layout [Cin][K][K − 1 − b][Cout]: tap (c, a, b) holds the Cout weights of that tap, columns reversed.
        for (int o = 0; o < 3; o++)
        {
            for (int c = 0; c < 2; c++)
            {
                for (int a = 0; a < 2; a++)
                {
                    for (int b = 0; b < 2; b++)
                    {
                        int tap = (((c * 2) + a) * 2) + b;
                        int reversedTap = (((c * 2) + a) * 2) + (1 - b);
                        Assert.Equal(w.Oihw[(o * 8) + tap], w.Transposed[(reversedTap * 3) + o]);
                    }
                }
            }
        }

        // Feature 1's tap (c 1, a 0, b 0) = 104 sits at reversed column 1 of row (1, 0).
        Assert.Equal(104f, w.Transposed[(5 * 3) + 1]);
    }

    [Fact]
    public void SnapshotsAreImmutableCopiesWithTheirVersion()
    {
        var w = new ConvWeights(1, 1, 1);
        w.SetAll([0.5f]);
        var snapshot = w.Snapshot();
        w.SetFeature(0, [0.9f]);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(0.5f, snapshot.Oihw[0]);
        Assert.Equal(2, w.Snapshot().Version);
        Assert.Equal(0.9f, w.Snapshot().Oihw[0]);
    }

    [Fact]
    public void BadShapesAndFeaturesAreRejected()
    {
        Assert.Throws<InvalidInputException>(() => new ConvWeights(0, 1, 3));
        var w = new ConvWeights(2, 1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.SetFeature(2, [1f]));
        Assert.Throws<InvalidInputException>(() => w.SetFeature(0, [1f, 2f]));
        Assert.Equal(0, w.Version);
    }
}
