using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Imaging;

namespace SpikeSeg.Streaming.Rendering;

/// <summary>Draws a frame's instances (boxes in track colours, track ids) over the event canvas, scaled up for legibility.</summary>
public static class FrameRenderer
{
    public static RgbImage Render(EventCanvas canvas, SegmentationFrame frame, int scale = 3)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(frame);
        var image = canvas.ToImage().Scale(scale);
        foreach (var instance in frame.Instances)
        {
            var color = instance.Track >= 0 ? Rgb.ForId(instance.Track) : Rgb.Box;
            int pad = 2;
            image.DrawBox((instance.X0 * scale) - pad, (instance.Y0 * scale) - pad, (instance.X1 * scale) + scale - 1 + pad, (instance.Y1 * scale) + scale - 1 + pad, color);
            if (instance.Track >= 0)
            {
                image.DrawNumber((instance.X1 * scale) + scale + pad + 2, (instance.Y0 * scale) - pad, instance.Track, color, 2);
            }
        }

        image.DrawNumber(4, 4, frame.Step, Rgb.White, 2);
        return image;
    }
}
