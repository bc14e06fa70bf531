using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

public sealed class PositionSetTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(16384)]
    [InlineData(20000)]
    public void RunsAreTheMaximalAscendingRunsOfTheAddedPositions(int capacity)
    {
        var r = new Random(capacity);
        var set = new PositionSet(capacity);
        for (int round = 0; round < 30; round++)
        {
            var expected = new bool[capacity];
            int additions = r.Next(0, 40);
            for (int k = 0; k < additions; k++)
            {
                // Ranges that straddle word (64) and summary (4096) boundaries are the interesting ones.
                int first = r.Next(4) == 0 ? Math.Max(0, Math.Min(capacity - 1, (r.Next(1, 6) * (r.Next(2) == 0 ? 64 : 4096)) - r.Next(0, 3))) : r.Next(capacity);
                int count = r.Next(3) == 0 ? r.Next(0, 200) : r.Next(0, 8);
                count = Math.Min(count, capacity - first);
                if (r.Next(2) == 0)
                {
                    set.AddRange(first, count);
                }
                else
                {
                    for (int p = first; p < first + count; p++)
                    {
                        set.Add(p);
                    }
                }

                for (int p = first; p < first + count; p++)
                {
                    expected[p] = true;
                }
            }

            if (round % 7 == 6)
            {
                set.AddRange(0, capacity);
                Array.Fill(expected, true);
            }

            var seen = new bool[capacity];
            int previousEnd = -2;
            var runs = set.Runs();
            while (runs.MoveNext())
            {
                Assert.True(runs.Length >= 1);
                Assert.True(runs.Start > previousEnd, $"run at {runs.Start} is not after and apart from the one ending at {previousEnd}");
                for (int p = runs.Start; p < runs.Start + runs.Length; p++)
                {
                    seen[p] = true;
                }

                previousEnd = runs.Start + runs.Length;
            }

            Assert.Equal(expected, seen);

            // The same positions word by word: ascending nonzero words, each bit a member.
            var fromWords = new bool[capacity];
            int previousWord = -1;
            var words = set.Words();
            while (words.MoveNext())
            {
                Assert.True(words.Index > previousWord);
                Assert.NotEqual(0UL, words.Bits);
                previousWord = words.Index;
                for (int b = 0; b < 64; b++)
                {
                    if ((words.Bits & (1UL << b)) != 0)
                    {
                        fromWords[(words.Index * 64) + b] = true;
                    }
                }
            }

            Assert.Equal(expected, fromWords);
            Assert.Equal(expected.Count(b => b), set.Count);
            Assert.Equal(!expected.Contains(true), set.IsEmpty);
            for (int p = 0; p < capacity; p++)
            {
                Assert.Equal(expected[p], set.Contains(p));
            }

            set.Clear();
            Assert.True(set.IsEmpty);
            Assert.Equal(0, set.Count);
        }
    }

    [Fact]
    public void PositionsOutsideTheCapacityAreRejected()
    {
        var set = new PositionSet(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Add(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Add(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.AddRange(8, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Contains(10));
    }
}
