using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Tests.Core.Decoding;

public sealed class TouchedRowsTests
{
    /// <summary>The definition the bitmap replaces: a set, appended to in first-touch order.</summary>
    private sealed class NaiveTouched(int width)
    {
        private readonly HashSet<int> _seen = [];

        public List<int> Order { get; } = [];

        public void Mark(int y, int x0, int count)
        {
            for (int x = x0; x < x0 + count; x++)
            {
                if (_seen.Add((y * width) + x))
                {
                    Order.Add((y * width) + x);
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 63)]
    [InlineData(5, 64)]
    [InlineData(9, 65)]
    [InlineData(4, 130)]
    [InlineData(3, 200)]
    public void MarkRunAndBlock_AppendNewPixelsInFirstTouchOrder_AndEnumerateAscending(int height, int width)
    {
        var random = new Random((height * 1000) + width);
        var rows = new TouchedRows();
        for (int round = 0; round < 3; round++)
        {
            // Reset reuses the same rows: nothing of the previous round may leak into this one.
            rows.Reset(height, width);
            var naive = new NaiveTouched(width);
            var appended = new int[height * width];
            int count = 0;
            for (int i = 0; i < 40; i++)
            {
                int x0 = random.Next(width);
                int run = random.Next(1, Math.Min(width - x0, 70) + 1);
                int y0 = random.Next(height);
                int rowCount = random.Next(1, height - y0 + 1);
                if (random.Next(2) == 0)
                {
                    rows.MarkBlock(y0, rowCount, x0, run, appended, ref count);
                }
                else
                {
                    for (int y = y0; y < y0 + rowCount; y++)
                    {
                        rows.MarkRun(y, x0, run, appended, ref count);
                    }
                }

                for (int y = y0; y < y0 + rowCount; y++)
                {
                    naive.Mark(y, x0, run);
                }
            }

            Assert.Equal(naive.Order, appended.Take(count));
            var ascending = new List<int>();
            rows.AppendAscending(ascending);
            Assert.Equal(naive.Order.Order(), ascending);
            Assert.Equal(naive.Order.Min() / width, rows.FirstRow);
            Assert.Equal(naive.Order.Max() / width, rows.LastRow);
            Assert.Equal(naive.Order.Min(p => p % width), rows.FirstColumn);
            Assert.Equal(naive.Order.Max(p => p % width), rows.LastColumn);
        }
    }

    [Fact]
    public void RunsOutsideTheMap_AreRejected()
    {
        var rows = new TouchedRows();
        rows.Reset(2, 70);
        var appended = new int[140];
        int count = 0;
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.MarkRun(2, 0, 1, appended, ref count));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.MarkRun(0, 65, 6, appended, ref count));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.MarkBlock(1, 2, 0, 1, appended, ref count));
        Assert.Equal(0, count);
    }
}
