using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Tests.Core.Decoding;

public sealed class TouchedRowsTests
{
    /// <summary>The definition the bitmap replaces: a set; a pixel is appended when an appending form marks it first.</summary>
    private sealed class NaiveTouched(int width)
    {
        public HashSet<int> Seen { get; } = [];

        public List<int> Appended { get; } = [];

        public void Mark(int y, int x0, int count, bool appends)
        {
            for (int x = x0; x < x0 + count; x++)
            {
                if (Seen.Add((y * width) + x) && appends)
                {
                    Appended.Add((y * width) + x);
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
    public void EveryMarkingForm_AgreesWithTheSet_AppendsInFirstTouchOrder_AndEnumeratesAscending(int height, int width)
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
            for (int i = 0; i < 60; i++)
            {
                int x0 = random.Next(width);
                int run = random.Next(1, Math.Min(width - x0, 70) + 1);
                int y0 = random.Next(height);
                int rowCount = random.Next(1, height - y0 + 1);
                int form = random.Next(4);
                switch (form)
                {
                    case 0:
                        rows.MarkBlock(y0, rowCount, x0, run, appended, ref count);
                        break;
                    case 1:
                        for (int y = y0; y < y0 + rowCount; y++)
                        {
                            rows.MarkRun(y, x0, run, appended, ref count);
                        }

                        break;
                    case 2:
                        rows.MarkBlock(y0, rowCount, x0, run);
                        break;
                    default:
                        (rowCount, run) = (1, 1);
                        Assert.Equal(!naive.Seen.Contains((y0 * width) + x0), rows.MarkPixel(y0, x0));
                        break;
                }

                for (int y = y0; y < y0 + rowCount; y++)
                {
                    naive.Mark(y, x0, run, appends: form <= 1);
                }
            }

            Assert.Equal(naive.Appended, appended.Take(count));
            var ascending = new List<int>();
            rows.AppendAscending(ascending);
            Assert.Equal(naive.Seen.Order(), ascending);
            Assert.Equal(naive.Seen.Min() / width, rows.FirstRow);
            Assert.Equal(naive.Seen.Max() / width, rows.LastRow);
            Assert.Equal(naive.Seen.Min(p => p % width), rows.FirstColumn);
            Assert.Equal(naive.Seen.Max(p => p % width), rows.LastColumn);
        }
    }

    [Fact]
    public void MarksOutsideTheMap_AreRejected()
    {
        var rows = new TouchedRows();
        rows.Reset(2, 70);
        var appended = new int[140];
        int count = 0;
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.MarkRun(2, 0, 1, appended, ref count));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.MarkRun(0, 65, 6, appended, ref count));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.MarkBlock(1, 2, 0, 1, appended, ref count));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.MarkBlock(0, 1, 69, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.MarkPixel(0, 70));
        Assert.Equal(0, count);
    }
}
