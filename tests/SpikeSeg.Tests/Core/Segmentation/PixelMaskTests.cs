using SpikeSeg.Core;
using SpikeSeg.Core.Segmentation;

namespace SpikeSeg.Tests.Core.Segmentation;

public sealed class PixelMaskTests
{
    [Fact]
    public void Bounds_AreTheInclusiveExtentOfThePixels()
    {
        // 5 wide: pixels (3,0), (1,2), (4,2) → x 1..4, y 0..2.
        var mask = new PixelMask(5, 4, [3, 11, 14]);
        Assert.Equal(new BoundingBox(1, 0, 4, 2), mask.Bounds);
        Assert.True(mask.Contains(1, 2));
        Assert.False(mask.Contains(2, 2));
        Assert.Null(new PixelMask(5, 4, []).Bounds);
    }

    [Fact]
    public void UnorderedOrOutsidePixels_AreRejected()
    {
        Assert.Throws<InvalidInputException>(() => new PixelMask(5, 4, [11, 3]));
        Assert.Throws<InvalidInputException>(() => new PixelMask(5, 4, [20]));
    }
}
