using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Network;
using SpikeSeg.Tests.Core.Network;

namespace SpikeSeg.Tests.Core.Engine;

/// <summary>The sparsely refreshed pool indices must equal the dense rebuild of the same step, step after step.</summary>
public sealed class StepPoolIndicesTests
{
    [Fact]
    public void EveryRefreshEqualsTheDenseRebuild()
    {
        Prop.ForAll(NetworkScenarios.Seeds, seed =>
        {
            var r = new Random(seed);
            int kernel = r.Next(1, 4), stride = r.Next(1, 4);
            var spec = new PoolSpec(kernel, stride);
            var g = PoolGeometry.From(spec, r.Next(1, 5), r.Next(kernel, kernel + 9), r.Next(kernel, kernel + 9));
            var indices = new StepPoolIndices(g, spec);
            var expected = new int[g.OutputLength];
            for (int step = 0; step < 12; step++)
            {
                var pooled = RandomPooled(r, g);
                indices.Refresh(pooled);
                PoolIndexMap.ToDenseIndices(g, pooled, expected);
                Assert.Equal(expected, indices.Map.FlatIndices);
            }
        }).Check(NetworkScenarios.Runs(100));
    }

    [Fact]
    public void AnIndexOutsideItsWindowIsRejected()
    {
        var spec = new PoolSpec(2, 2);
        var g = PoolGeometry.From(spec, 1, 4, 4);
        var indices = new StepPoolIndices(g, spec);
        var ex = Assert.Throws<InvalidInputException>(() => indices.Refresh([new PooledSpike(0, 0, 0, (3 * 4) + 3)]));
        Assert.Contains("outside its 2/2 window", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Distinct windows in canonical order, each with an index inside its own window.</summary>
    private static PooledSpike[] RandomPooled(Random r, PoolGeometry g)
    {
        var list = new List<PooledSpike>();
        for (int c = 0; c < g.Channels; c++)
        {
            for (int y = 0; y < g.OutHeight; y++)
            {
                for (int x = 0; x < g.OutWidth; x++)
                {
                    if (r.NextDouble() < 0.15)
                    {
                        int sy = Math.Min((y * g.Stride) + r.Next(g.Kernel), g.InHeight - 1);
                        int sx = Math.Min((x * g.Stride) + r.Next(g.Kernel), g.InWidth - 1);
                        list.Add(new PooledSpike(c, y, x, (sy * g.InWidth) + sx));
                    }
                }
            }
        }

        return [.. list];
    }
}
