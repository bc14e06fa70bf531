using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

public sealed class SpikePoolingTests
{
    [Fact]
    public void FirstSpikeInRowMajorOrderWinsAndEmptyWindowsPointTopLeft()
    {
        // 1×4×4 map, 2×2/2 pools. Window (0,0): spikes at (0,1) and (1,0) → first in row-major order is (0,1) = 1.
        // Window (1,1) has no spike → top-left (2,2) = 10.
        var g = new PoolGeometry(1, 4, 4, 2, 2);
        LayerSpike[] spikes = [new(0, 0, 1, 1f), new(0, 1, 0, 1f), new(0, 3, 1, 1f), new(0, 1, 3, 1f)];
        foreach (ISpikePool pool in new ISpikePool[] { new DenseSpikePooling(g), new EventDrivenSpikePooling(g) })
        {
            var pooled = new List<PooledSpike>();
            pool.Pool(spikes, pooled);
            Assert.Equal([new PooledSpike(0, 0, 0, 1), new PooledSpike(0, 0, 1, 7), new PooledSpike(0, 1, 0, 13)], pooled);
            var indices = new int[4];
            PoolIndexMap.ToDenseIndices(g, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pooled), indices);
            Assert.Equal([1, 7, 13, 10], indices);
        }
    }

    [Fact]
    public void NoCeilModeDropsTheLastRowAndOverlappingPoolsShareSpikes()
    {
        // 5×5 map, 3×3 windows every 2: windows start at 0 and 2; row/column 4 is covered, nothing past it.
        var g = new PoolGeometry(1, 5, 5, 3, 2);
        Assert.Equal(2, g.OutHeight);
        var pooled = new List<PooledSpike>();
        new EventDrivenSpikePooling(g).Pool([new LayerSpike(0, 2, 2, 1f)], pooled);
        // (2,2) lies in all four overlapping windows, each reports it: duplicate indices, as the reference.
        Assert.Equal(4, pooled.Count);
        Assert.All(pooled, p => Assert.Equal(12, p.SourceIndex));

        // 21 → 10 with 2×2/2: the spike on row 20 reaches no window.
        var g2 = new PoolGeometry(1, 21, 21, 2, 2);
        new EventDrivenSpikePooling(g2).Pool([new LayerSpike(0, 20, 3, 1f)], pooled);
        Assert.Empty(pooled);
    }

    [Fact]
    public void EventDrivenPoolingEqualsTheDenseOracle()
    {
        Prop.ForAll(NetworkScenarios.Seeds, seed =>
        {
            var r = new Random(seed);
            int kernel = r.Next(1, 5);
            var g = new PoolGeometry(r.Next(1, 4), r.Next(kernel, 13), r.Next(kernel, 13), kernel, r.Next(1, 5));
            var dense = new DenseSpikePooling(g);
            var sparse = new EventDrivenSpikePooling(g);
            var a = new List<PooledSpike>();
            var b = new List<PooledSpike>();
            var indices = new int[g.OutputLength];
            for (int step = 0; step < 4; step++)
            {
                var spikes = RandomSpikes(r, g, r.NextDouble() * 0.5);
                dense.Pool(spikes, a);
                sparse.Pool(spikes, b);
                Assert.Equal(a, b);
                PoolIndexMap.ToDenseIndices(g, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(b), indices);
                Assert.Equal(dense.LastIndices.ToArray(), indices);
                CheckOrSemantics(g, spikes, indices, b);
            }
        }).Check(NetworkScenarios.Runs(200));
    }

    /// <summary>A window is 1 iff a spike lies in it; its index is inside the window and is the smallest spiking flat index there.</summary>
    private static void CheckOrSemantics(PoolGeometry g, LayerSpike[] spikes, int[] indices, List<PooledSpike> pooled)
    {
        var active = pooled.Select(p => (p.Channel, p.Y, p.X)).ToHashSet();
        int o = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            for (int y = 0; y < g.OutHeight; y++)
            {
                for (int x = 0; x < g.OutWidth; x++, o++)
                {
                    var inside = spikes.Where(s => s.Channel == c && s.Y >= y * g.Stride && s.Y < (y * g.Stride) + g.Kernel && s.X >= x * g.Stride && s.X < (x * g.Stride) + g.Kernel)
                        .Select(s => (s.Y * g.InWidth) + s.X).ToList();
                    Assert.Equal(inside.Count > 0, active.Contains((c, y, x)));
                    Assert.Equal(inside.Count > 0 ? inside.Min() : g.TopLeftIndex(y, x), indices[o]);
                    Assert.Equal(indices[o], PoolIndexMap.IndexOf(g, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pooled), c, y, x));
                }
            }
        }
    }

    private static LayerSpike[] RandomSpikes(Random r, PoolGeometry g, double density)
    {
        var spikes = new List<LayerSpike>();
        for (int c = 0; c < g.Channels; c++)
        {
            for (int y = 0; y < g.InHeight; y++)
            {
                for (int x = 0; x < g.InWidth; x++)
                {
                    if (r.NextDouble() < density)
                    {
                        spikes.Add(new LayerSpike(c, y, x, 1f));
                    }
                }
            }
        }

        return [.. spikes];
    }
}
