using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Evaluation;

namespace SpikeSeg.Tests.Core.Evaluation;

public sealed class EventIouTests
{
    [Fact]
    public void SegmentingExactlyTheObjectEventsScoresOne()
    {
        var iou = new EventIou();
        for (int i = 0; i < 10; i++)
        {
            iou.Add(i % 2, segmented: true);   // object events, all segmented
            iou.Add(-1, segmented: false);     // stars and noise, none segmented
        }

        Assert.Equal(1.0, iou.Iou);
        Assert.Equal(10, iou.Intersection);
        Assert.Equal(1.0, iou.ObjectRecall[0]);
        Assert.Equal(1.0, iou.ObjectRecall[1]);
    }

    [Fact]
    public void SegmentingNothingScoresZero()
    {
        var iou = new EventIou();
        iou.Add(3, segmented: false);
        iou.Add(-1, segmented: false);
        Assert.Equal(0.0, iou.Iou);
        Assert.Equal(1, iou.Union);
        Assert.Equal(0.0, iou.ObjectRecall[3]);
    }

    [Fact]
    public void SegmentedBackgroundAndMissedObjectEventsBothEnlargeTheUnion()
    {
        // 4 object events of which 3 segmented, plus 2 segmented star events: IoU = 3 / (4 + 5 − 3) = 0.5.
        var iou = new EventIou();
        iou.Add(0, true);
        iou.Add(0, true);
        iou.Add(1, true);
        iou.Add(1, false);
        iou.Add(-1, true);
        iou.Add(-1, true);
        iou.Add(-1, false);
        Assert.Equal(0.5, iou.Iou, 12);
        Assert.Equal(1.0, iou.ObjectRecall[0]);
        Assert.Equal(0.5, iou.ObjectRecall[1]);
    }

    [Fact]
    public void BoxesAreInclusiveOnEveryEdge()
    {
        var boxes = new List<ScoredDetection> { new(5, 5, 3, 4, 7, 6, 0) };
        Assert.True(EventIou.InsideAny(boxes, 3, 4));
        Assert.True(EventIou.InsideAny(boxes, 7, 6));
        Assert.False(EventIou.InsideAny(boxes, 2, 5));
        Assert.False(EventIou.InsideAny(boxes, 8, 5));
        Assert.False(EventIou.InsideAny(boxes, 5, 7));
        Assert.False(EventIou.InsideAny([], 5, 5));
    }

    [Fact]
    public void MatchesTheSetDefinitionOnRandomEvents()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<(int Id, bool Segmented)[]>(), events =>
        {
            var iou = new EventIou();
            var objects = new HashSet<int>();
            var segmented = new HashSet<int>();
            for (int i = 0; i < events.Length; i++)
            {
                int id = Math.Max(-1, events[i].Id % 4);
                iou.Add(id, events[i].Segmented);
                if (id >= 0)
                {
                    objects.Add(i);
                }

                if (events[i].Segmented)
                {
                    segmented.Add(i);
                }
            }

            int union = objects.Union(segmented).Count();
            double expected = union == 0 ? 0 : (double)objects.Intersect(segmented).Count() / union;
            return Math.Abs(iou.Iou - expected) < 1e-12 && iou.Iou is >= 0 and <= 1;
        }).QuickCheckThrowOnFailure();
    }
}
