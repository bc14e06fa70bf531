using SpikeSeg.Streaming.Imaging;
using SpikeSeg.Streaming.Reporting;

namespace SpikeSeg.Tests.Streaming.Reporting;

public sealed class KernelMosaicTests
{
    [Fact]
    public void LargestWeightIsWhiteAndSmallestBlackAtTheirTilePositions()
    {
        // 2 features × 1 channel × 2×2: feature 0 all 0.5 except w[0,0,1,1] = 1; feature 1 has the minimum 0 at [1,0,0,0].
        float[] w = [0.5f, 0.5f, 0.5f, 1f, 0f, 0.5f, 0.5f, 0.5f];
        var image = KernelMosaic.Render(w, outChannels: 2, inChannels: 1, kernel: 2, pixelsPerWeight: 3);
        // Features in a 2-wide grid: block gap 4, tile 6 px.
        Assert.Equal(4 + (2 * (6 + 4)), image.Width);
        Assert.Equal(4 + 6 + 4, image.Height);
        Assert.Equal(Rgb.White, image.Get(4 + 3 + 1, 4 + 3 + 1)); // feature 0, ky = 1, kx = 1
        Assert.Equal(Rgb.Black, image.Get(4 + 10 + 1, 4 + 1)); // feature 1, ky = 0, kx = 0
        Assert.Equal(Rgb.Grey(0.5), image.Get(4 + 1, 4 + 1));
        Assert.Equal(KernelMosaic.Background, image.Get(1, 1));
    }

    [Fact]
    public void InputChannelsOfOneFeatureShareABlock()
    {
        var w = Enumerable.Range(0, 36 * 49).Select(i => (float)(i % 7) / 6).ToArray();
        var image = KernelMosaic.Render(w, outChannels: 1, inChannels: 36, kernel: 7, pixelsPerWeight: 3);
        // 36 channels in a 6×6 sub-grid of 21 px tiles with 1 px gaps, inside 4 px borders.
        Assert.Equal(4 + (6 * 22) - 1 + 4, image.Width);
        Assert.Equal(image.Width, image.Height);
    }

    [Fact]
    public void WrongWeightCountIsRejected()
    {
        Assert.Throws<ArgumentException>(() => KernelMosaic.Render(new float[7], 2, 1, 2));
    }
}
