using SpikeSeg.Streaming.Imaging;

namespace SpikeSeg.Streaming.Reporting;

/// <summary>
/// A layer's kernels as a grid of small greyscale tiles: one block per output feature (features in a near-square
/// grid), inside it one k×k tile per input channel. Grey spans the layer's own weight range, so a layer that has
/// converged to 0/1 shows black and white and an unlearned one a flat grey.
/// </summary>
public static class KernelMosaic
{
    public static readonly Rgb Background = new(30, 40, 90);

    /// <param name="oihw">Weights in (out, in, k, k) order.</param>
    /// <param name="pixelsPerWeight">Side of one weight's square in pixels.</param>
    public static RgbImage Render(ReadOnlySpan<float> oihw, int outChannels, int inChannels, int kernel, int pixelsPerWeight = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelsPerWeight);
        if (oihw.Length != outChannels * inChannels * kernel * kernel)
        {
            throw new ArgumentException($"{oihw.Length} weights for shape [{outChannels},{inChannels},{kernel},{kernel}]", nameof(oihw));
        }

        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float w in oihw)
        {
            min = Math.Min(min, w);
            max = Math.Max(max, w);
        }

        float span = max - min > 1e-9f ? max - min : 1f;
        int tile = kernel * pixelsPerWeight;
        int inCols = (int)Math.Ceiling(Math.Sqrt(inChannels));
        int inRows = (inChannels + inCols - 1) / inCols;
        const int TileGap = 1, BlockGap = 4;
        int blockW = (inCols * (tile + TileGap)) - TileGap;
        int blockH = (inRows * (tile + TileGap)) - TileGap;
        int outCols = (int)Math.Ceiling(Math.Sqrt(outChannels));
        int outRows = (outChannels + outCols - 1) / outCols;
        var image = new RgbImage(BlockGap + (outCols * (blockW + BlockGap)), BlockGap + (outRows * (blockH + BlockGap)));
        image.Fill(Background);
        for (int o = 0; o < outChannels; o++)
        {
            int bx = BlockGap + (o % outCols * (blockW + BlockGap));
            int by = BlockGap + (o / outCols * (blockH + BlockGap));
            for (int c = 0; c < inChannels; c++)
            {
                int tx = bx + (c % inCols * (tile + TileGap));
                int ty = by + (c / inCols * (tile + TileGap));
                int offset = ((o * inChannels) + c) * kernel * kernel;
                for (int ky = 0; ky < kernel; ky++)
                {
                    for (int kx = 0; kx < kernel; kx++)
                    {
                        var grey = Rgb.Grey((oihw[offset + (ky * kernel) + kx] - min) / span);
                        int px = tx + (kx * pixelsPerWeight), py = ty + (ky * pixelsPerWeight);
                        image.FillRect(px, py, px + pixelsPerWeight - 1, py + pixelsPerWeight - 1, grey);
                    }
                }
            }
        }

        return image;
    }
}
