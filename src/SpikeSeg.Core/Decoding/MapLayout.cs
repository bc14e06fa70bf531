namespace SpikeSeg.Core.Decoding;

/// <summary>Conversions between the CHW maps of the public API and the HWC (feature-innermost) maps used inside.</summary>
public static class MapLayout
{
    public static void HwcToChw(ReadOnlySpan<float> hwc, int channels, int height, int width, Span<float> chw)
    {
        int plane = height * width;
        for (int pixel = 0; pixel < plane; pixel++)
        {
            for (int c = 0; c < channels; c++)
            {
                chw[(c * plane) + pixel] = hwc[(pixel * channels) + c];
            }
        }
    }

    public static void ChwToHwc(ReadOnlySpan<float> chw, int channels, int height, int width, Span<float> hwc)
    {
        int plane = height * width;
        for (int c = 0; c < channels; c++)
        {
            for (int pixel = 0; pixel < plane; pixel++)
            {
                hwc[(pixel * channels) + c] = chw[(c * plane) + pixel];
            }
        }
    }

    /// <summary>The nonzero cells of a CHW map in channel, row-major order.</summary>
    public static List<ActiveCell> ActiveCells(ReadOnlySpan<float> chw, int channels, int height, int width)
    {
        var cells = new List<ActiveCell>();
        int plane = height * width;
        for (int c = 0; c < channels; c++)
        {
            for (int pixel = 0; pixel < plane; pixel++)
            {
                float v = chw[(c * plane) + pixel];
                if (v != 0f)
                {
                    cells.Add(new ActiveCell(c, pixel / width, pixel % width, v));
                }
            }
        }

        return cells;
    }
}
