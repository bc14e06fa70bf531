using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Learning;

namespace SpikeSeg.Tests.Core.Learning;

public sealed class LibraryWtaTests
{
    private static readonly SpikeMapShape Shape = new(2, 3, 3);

    [Fact]
    public void GlobalMembrane_KeepsTheHighestPreResetSpikePerMap_AndZeroesThatMap()
    {
        var spikes = new float[18];
        spikes[1] = 1;
        spikes[5] = 1;
        var membrane = Enumerable.Repeat(2f, 18).ToArray();
        var preReset = new float[18];
        preReset[1] = 3;
        preReset[5] = 7;
        var mask = new float[18];
        LibraryWta.GlobalMembrane(spikes, membrane, preReset, 1, Shape, mask);

        Assert.Equal(1f, spikes[5]);
        Assert.Equal(0f, spikes[1]);
        Assert.Equal(1f, mask[5]);
        Assert.Equal(1f, mask.Sum());
        Assert.All(membrane.Take(9), v => Assert.Equal(0f, v));
        Assert.All(membrane.Skip(9), v => Assert.Equal(2f, v)); // silent map untouched
    }

    [Fact]
    public void LocalMembrane_ZeroesEveryChannelAroundSpikes_ClippedAtTheBorder()
    {
        var spikes = new float[18];
        spikes[Shape.IndexOf(1, 0, 0)] = 1;
        var membrane = Enumerable.Repeat(1f, 18).ToArray();
        LibraryWta.LocalMembrane(spikes, membrane, 1, Shape, 1, []);
        for (int c = 0; c < 2; c++)
        {
            for (int y = 0; y < 3; y++)
            {
                for (int x = 0; x < 3; x++)
                {
                    Assert.Equal(y <= 1 && x <= 1 ? 0f : 1f, membrane[Shape.IndexOf(c, y, x)]);
                }
            }
        }
    }

    [Fact]
    public void ByMembrane_WithPostResetZeros_FindsNoWinner()
    {
        var spikes = new float[18];
        spikes[2] = 1;
        var membrane = new float[18];
        membrane[3] = 4; // not spiking: no score
        LibraryWta.ByMembrane(spikes, membrane, 1, Shape);
        Assert.All(spikes, s => Assert.Equal(0f, s));
        Assert.Equal(4f, membrane[3]);
    }

    [Fact]
    public void FirstSpikeWinner_WithoutPotentials_IsTheFirstInScanOrder()
    {
        // T = 2; nothing at t = 0; at t = 1 map 1 (0,0) and map 0 (2,2): scan order puts map 0 first.
        var spikes = new float[2 * 18];
        spikes[18 + Shape.IndexOf(1, 0, 0)] = 1;
        spikes[18 + Shape.IndexOf(0, 2, 2)] = 1;
        Assert.Equal(new TimedWinner(0, 2, 2, 1), FirstSpikeWinner.Find(spikes, 2, Shape, []));

        var potentials = new float[18];
        potentials[Shape.IndexOf(1, 0, 0)] = 1;
        Assert.Equal(new TimedWinner(1, 0, 0, 1), FirstSpikeWinner.Find(spikes, 2, Shape, potentials));
        Assert.Null(FirstSpikeWinner.Find(new float[18], 1, Shape, []));
    }

    [Fact]
    public void WtaInhibition_Both_MaskIsGlobalAndLocal_AndFeedsHomeostasis()
    {
        var spikes = new float[18];
        spikes[Shape.IndexOf(0, 1, 1)] = 1;
        spikes[Shape.IndexOf(1, 0, 0)] = 1;
        var membrane = Enumerable.Repeat(1f, 18).ToArray();
        var homeostasis = new NeuronAdaptiveThreshold(Shape, initialThreshold: 10f, targetRate: 0.5f, learningRate: 0.1f, thresholdMin: 1f, thresholdMax: 100f);
        var mask = new float[18];
        new WtaInhibition(WtaMode.Both, 1, Shape, homeostasis).Apply(spikes, membrane, [], 1, mask);

        Assert.Equal(spikes, mask);
        // Winners fired (rate 1): 10 + 0.1·0.5·10 = 10.5; silent neurons: 10 − 0.1·0.5·10 = 9.5.
        Assert.Equal(10.5f, homeostasis.Thresholds[Shape.IndexOf(0, 1, 1)], 5);
        Assert.Equal(9.5f, homeostasis.Thresholds[Shape.IndexOf(0, 0, 0)], 5);
    }
}
