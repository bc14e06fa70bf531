using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Tests.Core.Decoding;

public sealed class MaxUnpoolTests
{
    [Fact]
    public void TwoByTwo_PutsEachValueBackAtItsSavedIndex()
    {
        // 4×4 → 2×2; the four windows' maxima were at (1,1), (0,2), (3,0), (2,3).
        var indices = new PoolIndexMap([5, 2, 12, 11], 1, 2, 2, 4, 4, new PoolSpec(2, 2));
        var unpooled = new float[16];
        MaxUnpool.Dense([1f, 2f, 0f, 4f], indices, unpooled);
        var expected = new float[16];
        expected[5] = 1f;
        expected[2] = 2f;
        expected[11] = 4f;
        Assert.Equal(expected, unpooled);
    }

    [Fact]
    public void OverlappingPool_SharedIndex_KeepsTheSpikeOnce()
    {
        // 3/2 pool on a 3×5 map: windows at columns [0,3) and [2,5) both chose (0, 2).
        var indices = new PoolIndexMap([2, 2], 1, 1, 2, 3, 5, new PoolSpec(3, 2));
        var dense = new float[15];
        MaxUnpool.Dense([1f, 0f], indices, dense);
        Assert.Equal(1f, dense[2]);
        Assert.Equal(1f, dense.Sum());

        var sparse = new List<ActiveCell>();
        new SparseUnpooler().Unpool([new ActiveCell(0, 0, 0, 1f), new ActiveCell(0, 0, 1, 1f)], indices, sparse);
        Assert.Equal([new ActiveCell(0, 0, 2, 1f)], sparse);
    }

    [Fact]
    public void EachPoolIsCheckedWithItsOwnKernelAndStride()
    {
        // The reference unpools every stage with 2/2 (§16.1); a 7/6 pool's indices are valid for 7/6 …
        var sevenSix = new PoolIndexMap([6, 12, 18], 1, 1, 3, 7, 21, new PoolSpec(7, 6));
        Assert.Equal((0, 18), sevenSix.Source(0, 0, 2));

        // … but the same index pattern outside a 2/2 window is rejected, with the index named.
        var ex = Assert.Throws<InvalidInputException>(() => new PoolIndexMap([3, 2], 1, 1, 2, 2, 4, new PoolSpec(2, 2)));
        Assert.Contains("index 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SizeThatThePoolCannotProduce_IsRejected()
    {
        Assert.Throws<InvalidInputException>(() => new PoolIndexMap([0, 2], 1, 1, 2, 2, 6, new PoolSpec(2, 2)));
    }

    [Fact]
    public void SparseUnpool_EqualsDense()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var pool = new PoolSpec(random.Next(1, 4), random.Next(1, 4));
            int channels = random.Next(1, 4), h = random.Next(pool.Kernel, 12), w = random.Next(pool.Kernel, 12);
            var indices = DecoderTestModels.RandomIndices(random, channels, h, w, pool);
            var pooled = DecoderTestModels.RandomSparseMap(random, channels * indices.PooledHeight * indices.PooledWidth, 0.5);
            var dense = new float[channels * h * w];
            MaxUnpool.Dense(pooled, indices, dense);

            var cells = new List<ActiveCell>();
            new SparseUnpooler().Unpool(MapLayout.ActiveCells(pooled, channels, indices.PooledHeight, indices.PooledWidth).ToArray(), indices, cells);
            var fromSparse = new float[dense.Length];
            foreach (var c in cells)
            {
                Assert.Equal(0f, fromSparse[(c.Channel * h * w) + (c.Y * w) + c.X]);
                fromSparse[(c.Channel * h * w) + (c.Y * w) + c.X] = c.Value;
            }

            Assert.Equal(dense, fromSparse);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }
}
