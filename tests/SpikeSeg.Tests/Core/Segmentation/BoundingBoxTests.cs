using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core;
using SpikeSeg.Core.Segmentation;

namespace SpikeSeg.Tests.Core.Segmentation;

public sealed class BoundingBoxTests
{
    [Fact]
    public void IsInclusive_ASinglePixelHasAreaOne()
    {
        var pixel = new BoundingBox(3, 4, 3, 4);
        Assert.Equal(1, pixel.Width);
        Assert.Equal(1, pixel.Height);
        Assert.Equal(1, pixel.Area);
        Assert.Equal(100, new BoundingBox(0, 0, 9, 9).Area);
    }

    [Fact]
    public void IoU_OfOverlappingTenByTenBoxes_IsComputedOnPixels()
    {
        // [0,9]² and [5,14]² share the 5×5 block [5,9]²: 25 / (100 + 100 − 25).
        var a = new BoundingBox(0, 0, 9, 9);
        var b = new BoundingBox(5, 5, 14, 14);
        Assert.Equal(25, a.IntersectionArea(b));
        Assert.Equal(25.0 / 175.0, a.IntersectionOverUnion(b), 15);

        // Touching at one column still overlaps by that column: [0,9] and [9,12] share x = 9.
        Assert.Equal(10, a.IntersectionArea(new BoundingBox(9, 0, 12, 9)));
        Assert.Equal(0.0, a.IntersectionOverUnion(new BoundingBox(10, 0, 12, 9)));
    }

    [Fact]
    public void MaximumBelowMinimum_IsRejected()
    {
        Assert.Throws<InvalidInputException>(() => new BoundingBox(5, 0, 4, 0));
    }

    [Fact]
    public void Invariants_HoldForRandomBoxes()
    {
        var box = Gen.Choose(0, 30).Four().Select(t => new BoundingBox(Math.Min(t.Item1, t.Item2), Math.Min(t.Item3, t.Item4), Math.Max(t.Item1, t.Item2), Math.Max(t.Item3, t.Item4)));
        Prop.ForAll(box.ToArbitrary(), box.ToArbitrary(), (a, b) =>
        {
            double iou = a.IntersectionOverUnion(b);
            var union = a.Union(b);
            return a.Width == a.XMax - a.XMin + 1
                && iou >= 0 && iou <= 1
                && iou == b.IntersectionOverUnion(a)
                && a.IntersectionOverUnion(a) == 1.0
                && a.IntersectionArea(b) <= Math.Min(a.Area, b.Area)
                && union.Contains(a.XMin, a.YMin) && union.Contains(a.XMax, a.YMax)
                && union.Contains(b.XMin, b.YMin) && union.Contains(b.XMax, b.YMax)
                && union.Area >= Math.Max(a.Area, b.Area);
        }).QuickCheckThrowOnFailure();
    }
}
