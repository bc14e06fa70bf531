using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Segmentation;

namespace SpikeSeg.Tests.Core.Segmentation;

public sealed class SmashGroupingTests
{
    private static InstanceSignature Instance(int x0, int y0, int x1, int y1, params (int F, int T)[] ones) =>
        new(new BoundingBox(x0, y0, x1, y1), ActivityHashTests.Hash(4, 3, ones));

    [Fact]
    public void Score_IsJaccardTimesIoU()
    {
        // Jaccard 2/3 (see ActivityHashTests), IoU 25/175 = 1/7.
        var a = Instance(0, 0, 9, 9, (0, 0), (1, 1));
        var b = Instance(5, 5, 14, 14, (0, 0), (1, 1), (2, 2));
        Assert.Equal(2.0 / 3.0 / 7.0, Smash.Score(a, b), 15);
        Assert.Equal(0.0, Smash.ScoreMatrix([a, b])[0, 0]);
    }

    [Fact]
    public void Group_MergesAboveThreshold_AndListsObjectsByFirstAppearance()
    {
        // 0 and 2 overlap and share activity; 1 is far away. Score(0, 2) = 1 · 25/175.
        var instances = new[]
        {
            Instance(0, 0, 9, 9, (0, 0)),
            Instance(40, 40, 45, 45, (0, 0)),
            Instance(5, 5, 14, 14, (0, 0)),
        };

        var groups = SmashGrouping.Group(instances, 0.1);
        Assert.Equal(2, groups.Count);
        Assert.Equal([0, 2], groups[0].Members);
        Assert.Equal(new BoundingBox(0, 0, 14, 14), groups[0].Box);
        Assert.Equal([1], groups[1].Members);
        Assert.Equal(1, groups[1].ObjectId);

        // 1/7 ≈ 0.1429 is not strictly above 0.15: everything stays apart.
        Assert.Equal(3, SmashGrouping.Group(instances, 0.15).Count);
    }

    [Fact]
    public void Group_IsTransitive_ThroughTheUnionFind()
    {
        // A–B and B–C overlap, A–C do not: one object of three.
        var instances = new[]
        {
            Instance(0, 0, 9, 9, (1, 1)),
            Instance(6, 0, 15, 9, (1, 1)),
            Instance(12, 0, 21, 9, (1, 1)),
        };

        var groups = SmashGrouping.Group(instances);
        Assert.Single(groups);
        Assert.Equal([0, 1, 2], groups[0].Members);
        Assert.Equal(new BoundingBox(0, 0, 21, 9), groups[0].Box);
    }

    [Fact]
    public void Match_PicksTheMostSimilarPreviousObject_StrictlyAboveThreshold()
    {
        var previous = SmashGrouping.Group([Instance(0, 0, 1, 1, (0, 0), (1, 1), (2, 2)), Instance(50, 50, 51, 51, (3, 2)), Instance(90, 90, 91, 91, (0, 0), (1, 1))]);
        var current = SmashGrouping.Group([Instance(0, 0, 1, 1, (0, 0), (1, 1)), Instance(60, 60, 61, 61, (3, 2)), Instance(70, 70, 71, 71, (2, 1))]);
        var matches = SmashGrouping.MatchAcrossSequences(current, previous);

        // Current 0 is identical to previous 2 (Jaccard 1) and 2/3 of previous 0; current 2 shares nothing.
        Assert.Equal(new Dictionary<int, int> { [0] = 2, [1] = 1 }, matches);
        Assert.Empty(SmashGrouping.MatchAcrossSequences(current, previous, 1.0));
    }

    [Fact]
    public void Grouping_IsAPartition_WithUnionBoxesAndOrOfHashes()
    {
        var instance = Gen.Choose(0, 20).Four().Zip(Gen.Choose(0, 11).NonEmptyListOf())
            .Select(p => Instance(p.Item1.Item1, p.Item1.Item2, p.Item1.Item1 + p.Item1.Item3, p.Item1.Item2 + p.Item1.Item4, [.. p.Item2.Select(i => (i / 3, i % 3))]));
        var threshold = Gen.Elements(0.0, 0.05, 0.2, 0.5);
        Prop.ForAll(instance.ListOf().ToArbitrary(), threshold.ToArbitrary(), (list, t) =>
        {
            var groups = SmashGrouping.Group(list, t);
            var all = groups.SelectMany(g => g.Members).Order().ToArray();
            bool partition = all.SequenceEqual(Enumerable.Range(0, list.Count));
            bool ordered = groups.Select((g, i) => g.ObjectId == i && g.Members.SequenceEqual(g.Members.Order())).All(b => b)
                && groups.Select(g => g.Members[0]).SequenceEqual(groups.Select(g => g.Members[0]).Order());
            bool covers = groups.All(g => g.Members.All(m =>
                g.Box.Contains(list[m].Box.XMin, list[m].Box.YMin) && g.Box.Contains(list[m].Box.XMax, list[m].Box.YMax)
                && list[m].Ash.Ones().All(o => g.Ash.Get(o.Feature, o.TimestepIndex))));
            bool symmetric = list.All(a => list.All(b => Smash.Score(a, b) == Smash.Score(b, a) && Smash.Score(a, b) is >= 0 and <= 1));
            return partition && ordered && covers && symmetric;
        }).QuickCheckThrowOnFailure();
    }
}
