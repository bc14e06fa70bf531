using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Tests.Core.Learning;

public sealed class TrainerWtaTests
{
    private static readonly SpikeMapShape Shape = new(3, 3, 3);

    private static float[] Never() => Enumerable.Repeat(-1f, Shape.Length).ToArray();

    private static WtaWinner[] Find(float[] times, WtaMode mode, WtaTieRule rule, int radius = 1, float[]? potential = null, SpatialCooldown? cooldown = null) =>
        TrainerWta.FindWinners(times, new float[Shape.Length], Shape, mode, rule, radius, potential ?? [], cooldown);

    [Fact]
    public void Global_TakesTheEarliestSpikePerMap_TiesToTheLowestFlatIndex()
    {
        var t = Never();
        t[Shape.IndexOf(0, 2, 1)] = 3;
        t[Shape.IndexOf(0, 1, 2)] = 3;
        t[Shape.IndexOf(0, 2, 2)] = 4;
        t[Shape.IndexOf(2, 0, 0)] = 1;
        var winners = Find(t, WtaMode.Global, WtaTieRule.ReferenceSamePixel);
        Assert.Equal([new WtaWinner(0, 1, 2), new WtaWinner(2, 0, 0)], winners);
    }

    [Fact]
    public void BothReference_CollapsesOnlyIdenticalPixels()
    {
        var t = Never();
        t[Shape.IndexOf(0, 1, 1)] = 2;
        t[Shape.IndexOf(1, 1, 1)] = 0;
        t[Shape.IndexOf(2, 1, 2)] = 0; // adjacent, but not the same pixel: survives.
        var winners = Find(t, WtaMode.Both, WtaTieRule.ReferenceSamePixel);
        Assert.Equal([new WtaWinner(1, 1, 1), new WtaWinner(2, 1, 2)], winners);
    }

    [Fact]
    public void BothReference_SameTimeSamePixel_KeepsTheLowestFeature()
    {
        var t = Never();
        for (int f = 0; f < 3; f++)
        {
            t[Shape.IndexOf(f, 0, 0)] = 0;
        }

        Assert.Equal([new WtaWinner(0, 0, 0)], Find(t, WtaMode.Both, WtaTieRule.ReferenceSamePixel));
    }

    [Fact]
    public void BothRadius_InhibitsNeighboursWithinTheRadius_InTimeOrder()
    {
        var t = Never();
        t[Shape.IndexOf(0, 0, 0)] = 2;
        t[Shape.IndexOf(1, 1, 1)] = 1;
        t[Shape.IndexOf(2, 2, 2)] = 0;

        // Radius 1: (2,2) is accepted first and inhibits (1,1); (0,0) is 2 away from it, so it is accepted.
        Assert.Equal([new WtaWinner(2, 2, 2), new WtaWinner(0, 0, 0)], Find(t, WtaMode.Both, WtaTieRule.Radius, radius: 1));

        // Radius 2: (2,2) inhibits both others.
        Assert.Equal([new WtaWinner(2, 2, 2)], Find(t, WtaMode.Both, WtaTieRule.Radius, radius: 2));

        // Radius 0: distinct pixels never inhibit; output in time order.
        Assert.Equal([new WtaWinner(2, 2, 2), new WtaWinner(1, 1, 1), new WtaWinner(0, 0, 0)], Find(t, WtaMode.Both, WtaTieRule.Radius, radius: 0));
    }

    [Fact]
    public void BothRadius_TimeTies_GoToTheHighestPreResetPotential()
    {
        var t = Never();
        var v = new float[Shape.Length];
        t[Shape.IndexOf(0, 0, 0)] = 0;
        t[Shape.IndexOf(0, 2, 2)] = 0;
        v[Shape.IndexOf(0, 2, 2)] = 5; // within map 0 the later flat index wins by potential
        t[Shape.IndexOf(1, 1, 1)] = 0;
        v[Shape.IndexOf(1, 1, 1)] = 9; // across maps: the higher potential is accepted first
        var winners = Find(t, WtaMode.Both, WtaTieRule.Radius, radius: 1, potential: v);
        Assert.Equal([new WtaWinner(1, 1, 1)], winners);

        var global = Find(t, WtaMode.Global, WtaTieRule.Radius, potential: v);
        Assert.Equal([new WtaWinner(0, 2, 2), new WtaWinner(1, 1, 1)], global);
    }

    [Fact]
    public void Local_TakesTheMostSpikesPerMap_AndSkipsSilentMaps()
    {
        var counts = new float[Shape.Length];
        counts[Shape.IndexOf(0, 0, 1)] = 2;
        counts[Shape.IndexOf(0, 2, 0)] = 2;
        counts[Shape.IndexOf(2, 1, 1)] = 1;
        var winners = TrainerWta.FindWinners([], counts, Shape, WtaMode.Local, WtaTieRule.Radius, 1, [], null);
        Assert.Equal([new WtaWinner(0, 0, 1), new WtaWinner(2, 1, 1)], winners);
    }

    [Fact]
    public void Cooldown_ExcludesALocationAfterItsLimitUntilCleared()
    {
        var t = Never();
        t[Shape.IndexOf(0, 0, 0)] = 0;
        t[Shape.IndexOf(0, 1, 1)] = 1;
        var cooldown = new SpatialCooldown(Shape, maxWinsPerEpoch: 2);
        Assert.Equal(new WtaWinner(0, 0, 0), Find(t, WtaMode.Global, WtaTieRule.ReferenceSamePixel, cooldown: cooldown).Single());
        Assert.Equal(new WtaWinner(0, 0, 0), Find(t, WtaMode.Global, WtaTieRule.ReferenceSamePixel, cooldown: cooldown).Single());
        Assert.Equal(new WtaWinner(0, 1, 1), Find(t, WtaMode.Global, WtaTieRule.ReferenceSamePixel, cooldown: cooldown).Single());
        Assert.Equal(2, cooldown.WinsAt(0, 0, 0));
        cooldown.Clear();
        Assert.Equal(new WtaWinner(0, 0, 0), Find(t, WtaMode.Global, WtaTieRule.ReferenceSamePixel, cooldown: cooldown).Single());
    }

    [Fact]
    public void Properties_WinnerCountBounded_AndRadiusRespected()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new DeterministicRandom((ulong)seed);
            var shape = new SpikeMapShape(random.NextInt(1, 9), random.NextInt(1, 7), random.NextInt(1, 7));
            var times = Enumerable.Range(0, shape.Length).Select(_ => random.NextInt(3) == 0 ? (float)random.NextInt(4) : -1f).ToArray();
            var potential = Enumerable.Range(0, shape.Length).Select(_ => (float)random.NextInt(3)).ToArray();
            var counts = Enumerable.Range(0, shape.Length).Select(_ => (float)random.NextInt(3)).ToArray();
            int radius = random.NextInt(4);
            bool ok = true;
            foreach (var mode in new[] { WtaMode.Global, WtaMode.Local, WtaMode.Both })
            {
                foreach (var rule in new[] { WtaTieRule.Radius, WtaTieRule.ReferenceSamePixel })
                {
                    var winners = TrainerWta.FindWinners(times, counts, shape, mode, rule, radius, potential, null);
                    ok &= winners.Length <= shape.Channels;
                    ok &= winners.Select(w => w.Feature).Distinct().Count() == winners.Length;
                    ok &= winners.All(w => shape.Contains(w.Feature, w.Y, w.X));
                    if (mode != WtaMode.Local)
                    {
                        ok &= winners.All(w => SpikeTime.HasFired(times[shape.IndexOf(w.Feature, w.Y, w.X)]));
                    }

                    if (mode == WtaMode.Both && rule == WtaTieRule.Radius)
                    {
                        for (int i = 0; i < winners.Length; i++)
                        {
                            for (int j = i + 1; j < winners.Length; j++)
                            {
                                ok &= Math.Max(Math.Abs(winners[i].Y - winners[j].Y), Math.Abs(winners[i].X - winners[j].X)) > radius;
                            }
                        }
                    }
                }
            }

            return ok;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
