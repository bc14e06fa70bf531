using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Imaging;
using SpikeSeg.Streaming.Rendering;

namespace SpikeSeg.Streaming.Reporting;

/// <summary>
/// An event frame with the segmentation over it: recent events inside an instance's box turn the saliency colour
/// (the pixels the network claims), boxes take their track's colour and carry the track id; scaled for legibility.
/// </summary>
public static class OverlayRenderer
{
    public static RgbImage Render(EventCanvas canvas, SegmentationFrame frame, int scale = 3)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(frame);
        var image = canvas.ToImage();
        foreach (var i in frame.Instances)
        {
            for (int y = Math.Max(0, i.Y0); y <= Math.Min(image.Height - 1, i.Y1); y++)
            {
                for (int x = Math.Max(0, i.X0); x <= Math.Min(image.Width - 1, i.X1); x++)
                {
                    if (image.Get(x, y) != Rgb.Black)
                    {
                        image.Set(x, y, Rgb.Saliency);
                    }
                }
            }
        }

        var scaled = image.Scale(scale);
        foreach (var i in frame.Instances)
        {
            var color = i.Track >= 0 ? Rgb.ForId(i.Track) : Rgb.Box;
            const int Pad = 3;
            scaled.DrawBox((i.X0 * scale) - Pad, (i.Y0 * scale) - Pad, (i.X1 * scale) + scale - 1 + Pad, (i.Y1 * scale) + scale - 1 + Pad, color);
            if (i.Track >= 0)
            {
                scaled.DrawNumber((i.X1 * scale) + scale + Pad + 2, (i.Y0 * scale) - Pad, i.Track, color, 2);
            }
        }

        scaled.DrawNumber(4, 4, frame.Step, Rgb.White, 2);
        return scaled;
    }
}
