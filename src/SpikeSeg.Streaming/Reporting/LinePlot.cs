using SpikeSeg.Streaming.Imaging;

namespace SpikeSeg.Streaming.Reporting;

/// <summary>One named curve of a <see cref="LinePlot"/>.</summary>
public sealed record PlotSeries(string Name, Rgb Color, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// A line chart on the raster: axes with numbered ticks, one polyline per series and a legend of colour swatches
/// numbered 1..n in series order (the digit font has no letters; report.md names the numbers).
/// </summary>
public static class LinePlot
{
    public static readonly Rgb Background = new(18, 20, 28);
    public static readonly Rgb Axis = new(170, 170, 170);
    public static readonly Rgb Grid = new(45, 48, 60);

    /// <summary>Tick labels at 2× the 3×5 font: 6×10 px digits, legible in a paper-sized figure.</summary>
    internal const int LabelScale = 2;

    private const int Left = 64, Right = 16, Top = 28, Bottom = 28;

    public static RgbImage Render(IReadOnlyList<PlotSeries> series, int width = 640, int height = 360, double? markerX = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var image = new RgbImage(width, height);
        image.Fill(Background);
        var finite = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var (xMin, xMax) = AxisTicks.Padded(finite.Count == 0 ? 0 : finite.Min(p => p.X), finite.Count == 0 ? 1 : finite.Max(p => p.X));
        var (yMin, yMax) = AxisTicks.Padded(finite.Count == 0 ? 0 : finite.Min(p => p.Y), finite.Count == 0 ? 1 : finite.Max(p => p.Y));
        var frame = new PlotFrame(Left, Top, width - Right, height - Bottom, xMin, xMax, yMin, yMax);
        DrawAxes(image, frame);
        if (markerX is { } m && m >= xMin && m <= xMax)
        {
            int px = frame.PixelX(m);
            for (int y = frame.Y0; y <= frame.Y1; y += 3)
            {
                image.Set(px, y, Axis);
            }
        }

        foreach (var s in series)
        {
            DrawPolyline(image, frame, s);
        }

        DrawLegend(image, series, width);
        return image;
    }

    internal static void DrawAxes(RgbImage image, PlotFrame f)
    {
        double xs = AxisTicks.Spacing(f.XMin, f.XMax), ys = AxisTicks.Spacing(f.YMin, f.YMax);
        foreach (double v in AxisTicks.Values(f.YMin, f.YMax, ys))
        {
            int py = f.PixelY(v);
            image.DrawLine(f.X0 + 1, py, f.X1, py, Grid);
            image.DrawLine(f.X0 - 4, py, f.X0, py, Axis);
            string label = AxisTicks.Label(v, ys);
            image.DrawText(f.X0 - 7 - RgbImage.TextWidth(label, LabelScale), py - 5, label, Axis, LabelScale);
        }

        foreach (double v in AxisTicks.Values(f.XMin, f.XMax, xs))
        {
            int px = f.PixelX(v);
            image.DrawLine(px, f.Y0, px, f.Y1 - 1, Grid);
            image.DrawLine(px, f.Y1, px, f.Y1 + 4, Axis);
            string label = AxisTicks.Label(v, xs);
            image.DrawText(px - (RgbImage.TextWidth(label, LabelScale) / 2), f.Y1 + 8, label, Axis, LabelScale);
        }

        image.DrawLine(f.X0, f.Y0, f.X0, f.Y1, Axis);
        image.DrawLine(f.X0, f.Y1, f.X1, f.Y1, Axis);
    }

    private static void DrawPolyline(RgbImage image, PlotFrame f, PlotSeries s)
    {
        (int X, int Y)? previous = null;
        foreach (var (x, y) in s.Points)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                previous = null; // a gap, not a line through it
                continue;
            }

            var p = (f.PixelX(x), f.PixelY(y));
            if (previous is { } q)
            {
                image.DrawLine(q.X, q.Y, p.Item1, p.Item2, s.Color);
            }
            else
            {
                image.Set(p.Item1, p.Item2, s.Color);
            }

            previous = p;
        }
    }

    private static void DrawLegend(RgbImage image, IReadOnlyList<PlotSeries> series, int width)
    {
        int x = width - Right - (series.Count * 40);
        for (int i = 0; i < series.Count; i++)
        {
            int sx = x + (i * 40);
            image.FillRect(sx, 10, sx + 14, 14, series[i].Color);
            image.DrawNumber(sx + 18, 8, i + 1, series[i].Color, 2);
        }
    }
}

/// <summary>The plotting area in pixels and the value range it shows.</summary>
internal readonly record struct PlotFrame(int X0, int Y0, int X1, int Y1, double XMin, double XMax, double YMin, double YMax)
{
    public int PixelX(double x) => X0 + (int)Math.Round((x - XMin) / (XMax - XMin) * (X1 - X0));

    public int PixelY(double y) => Y1 - (int)Math.Round((y - YMin) / (YMax - YMin) * (Y1 - Y0));
}
