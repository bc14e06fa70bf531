using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Actors.Runtime;

namespace SpikeSeg.Tests.Actors;

public sealed class VersionedSnapshotTests
{
    [Fact]
    public void BeforeFirstPublish_ThereIsNothing_AndTheVersionIsZero()
    {
        var snapshot = new VersionedSnapshot<float[]>();

        Assert.Null(snapshot.Latest);
        Assert.Equal(0, snapshot.Version);
        Assert.False(snapshot.TryGetLatest(out _));
    }

    [Fact]
    public void Publish_NumbersVersionsFromOne_AndLatestIsTheLastValue()
    {
        Prop.ForAll<string[]>(values =>
        {
            var snapshot = new VersionedSnapshot<string>();
            var versions = values.Where(v => v is not null).Select(snapshot.Publish).ToArray();
            var published = values.Where(v => v is not null).ToArray();

            bool numbered = versions.SequenceEqual(Enumerable.Range(1, versions.Length).Select(i => (long)i));
            bool latest = published.Length == 0
                ? snapshot.Latest is null
                : snapshot.TryGetLatest(out var l) && ReferenceEquals(l.Value, published[^1]) && l.Version == published.Length;
            return numbered && latest;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task ConcurrentReaders_NeverSeeATornOrOlderSnapshot()
    {
        const int Publications = 20_000;
        const int Length = 257;
        var snapshot = new VersionedSnapshot<long[]>();
        using var done = new CancellationTokenSource();

        Task<(long Reads, long Torn, long Backwards)> Reader() => Task.Run(() =>
        {
            long reads = 0, torn = 0, backwards = 0, last = 0;
            while (!done.IsCancellationRequested || reads == 0)
            {
                if (!snapshot.TryGetLatest(out var seen))
                {
                    continue;
                }

                reads++;
                if (seen.Version < last)
                {
                    backwards++;
                }

                last = seen.Version;
                foreach (long cell in seen.Value)
                {
                    if (cell != seen.Version)
                    {
                        torn++;
                        break;
                    }
                }
            }

            return (reads, torn, backwards);
        });

        var readers = new[] { Reader(), Reader() };
        await Task.Run(() =>
        {
            for (long v = 1; v <= Publications; v++)
            {
                // The owner fills a fresh array and never touches it after publishing.
                var weights = new long[Length];
                Array.Fill(weights, v);
                Assert.Equal(v, snapshot.Publish(weights));
            }
        });
        await done.CancelAsync();
        var results = await Task.WhenAll(readers);

        Assert.All(results, r =>
        {
            Assert.True(r.Reads > 0);
            Assert.Equal(0, r.Torn);
            Assert.Equal(0, r.Backwards);
        });
        Assert.Equal(Publications, snapshot.Version);
    }
}
