using SpikeSeg.Core.Randomness;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Tests.Streaming.Synthetic;

public sealed class EventScratchTests
{
    /// <summary>Both sort paths: a 40 µs chunk (counting sort) and a 10⁹ µs chunk (packed keys).</summary>
    [Theory]
    [InlineData(0, 40L)]
    [InlineData(1, 40L)]
    [InlineData(17, 40L)]
    [InlineData(5000, 40L)]
    [InlineData(0, 1_000_000_000L)]
    [InlineData(1, 1_000_000_000L)]
    [InlineData(17, 1_000_000_000L)]
    [InlineData(5000, 1_000_000_000L)]
    public void Sorts_by_time_and_breaks_ties_by_emission_order(int count, long durationUs)
    {
        var r = new DeterministicRandom((ulong)count);
        var scratch = new EventScratch();
        const long Start = 1_000_000_007;
        for (int i = 0; i < count; i++)
        {
            // Few distinct times, so most events tie; the id records the emission index.
            scratch.Add(Start + (r.NextInt(40) * (durationUs / 40)) + (r.NextDouble() < 0.1 ? durationUs / 40 - 1 : 0), r.NextInt(100), r.NextInt(100), (byte)r.NextInt(2), i);
        }

        var chunk = new SyntheticChunk(4);
        chunk.Reset(Start, Start + durationUs);
        scratch.SortInto(chunk, Start, Start + durationUs);

        Assert.Equal(count, chunk.Events.Count);
        var expected = Enumerable.Range(0, count).OrderBy(i => scratch.TimestampAt(i)).ThenBy(i => i).ToArray();
        Assert.Equal(expected, chunk.ObjectIds.ToArray());
        for (int k = 0; k < count; k++)
        {
            Assert.Equal(scratch.TimestampAt(expected[k]), chunk.Events.TimestampUs[k]);
        }
    }
}
