using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core;
using SpikeSeg.Core.Segmentation;

namespace SpikeSeg.Tests.Core.Segmentation;

public sealed class ActivityHashTests
{
    internal static ActivityHash Hash(int features, int timesteps, params (int F, int T)[] ones)
    {
        var hash = new ActivityHash(features, timesteps);
        foreach (var (f, t) in ones)
        {
            hash.Set(f, t);
        }

        return hash;
    }

    [Fact]
    public void Jaccard_IsSharedOverUnion()
    {
        // {(0,0), (1,1)} vs {(0,0), (1,1), (2,2)}: 2 shared of 3.
        var a = Hash(4, 3, (0, 0), (1, 1));
        var b = Hash(4, 3, (0, 0), (1, 1), (2, 2));
        Assert.Equal(2.0 / 3.0, ActivityHash.Jaccard(a, b), 15);
        Assert.Equal(0.0, ActivityHash.Jaccard(a, Hash(4, 3, (3, 2))));
        Assert.Equal(0.0, ActivityHash.Jaccard(Hash(4, 3), Hash(4, 3)));
    }

    [Fact]
    public void Max_IsTheUnionOfTheBits()
    {
        var merged = ActivityHash.Max(Hash(4, 3, (0, 0)), Hash(4, 3, (3, 2), (0, 0)));
        Assert.Equal([(0, 0), (3, 2)], merged.Ones());
        Assert.Equal(2, merged.Count);
    }

    [Fact]
    public void OutOfRangeBits_AndShapeMismatch_AreInputErrors()
    {
        var hash = new ActivityHash(2, 3);
        Assert.Throws<InvalidInputException>(() => hash.Set(2, 0));
        Assert.Throws<InvalidInputException>(() => hash.Set(0, 3));
        Assert.Throws<InvalidInputException>(() => ActivityHash.Jaccard(hash, new ActivityHash(3, 2)));
    }

    [Fact]
    public void Jaccard_IsSymmetricAndBounded_AcrossWordBoundaries()
    {
        // 13 × 11 = 143 bits spans three 64-bit words.
        var bits = Gen.Choose(0, 142).ListOf();
        Prop.ForAll(bits.ToArbitrary(), bits.ToArbitrary(), (x, y) =>
        {
            var a = Hash(13, 11, [.. x.Select(i => (i / 11, i % 11))]);
            var b = Hash(13, 11, [.. y.Select(i => (i / 11, i % 11))]);
            double j = ActivityHash.Jaccard(a, b);
            int shared = x.Intersect(y).Count(), union = x.Union(y).Count();
            double expected = union == 0 ? 0 : (double)shared / union;
            return j == ActivityHash.Jaccard(b, a) && j >= 0 && j <= 1 && Math.Abs(j - expected) < 1e-12
                && a.Count == x.Distinct().Count();
        }).QuickCheckThrowOnFailure();
    }
}
