using SpikeSeg.Core.Evaluation;
using SpikeSeg.Streaming.Imaging;

namespace SpikeSeg.Streaming.Reporting;

/// <summary>
/// Detection timeline: time runs left to right; the top rows (white) show when each labelled object is in the
/// labels, the rows below one tracker id each (its colour, numbered at the left) with a mark per step it was detected,
/// bright when the track was confirmed. A dotted line marks the start of scoring.
/// </summary>
public static class TrackTimeline
{
    private const int Left = 56, Right = 16, Top = 16, Bottom = 28, RowHeight = 10;

    public static RgbImage Render(IReadOnlyList<TrackHit> hits, IReadOnlyList<LabelPoint> labels, double startS, double endS, double? scoreFromS = null, int maxTracks = 30, int width = 720)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(labels);
        var objects = labels.GroupBy(l => l.ObjectId).OrderBy(g => g.Key).ToList();

        // The busiest tracks, shown in order of first appearance.
        var tracks = hits.Where(h => h.Track >= 0).GroupBy(h => h.Track)
            .OrderByDescending(g => g.Count()).Take(maxTracks)
            .OrderBy(g => g.Min(h => h.TimeS)).ToList();
        int rows = objects.Count + tracks.Count;
        int height = Top + Bottom + (Math.Max(1, rows) * RowHeight) + (objects.Count > 0 && tracks.Count > 0 ? RowHeight / 2 : 0);
        var image = new RgbImage(width, height);
        image.Fill(LinePlot.Background);
        var (t0, t1) = AxisTicks.Padded(startS, endS);
        var frame = new PlotFrame(Left, Top, width - Right, height - Bottom, t0, t1, 0, 1);
        DrawTimeAxis(image, frame);
        int row = 0;
        foreach (var g in objects)
        {
            int y = Top + (row * RowHeight);
            image.DrawNumber(8, y + 2, g.Key, Rgb.White);
            foreach (var l in g)
            {
                image.FillRect(frame.PixelX(l.TUs / 1e6), y + 2, frame.PixelX(l.TUs / 1e6), y + RowHeight - 3, Rgb.White);
            }

            row++;
        }

        int trackTop = Top + (row * RowHeight) + (objects.Count > 0 ? RowHeight / 2 : 0);
        for (int k = 0; k < tracks.Count; k++)
        {
            int y = trackTop + (k * RowHeight);
            var color = Rgb.ForId(tracks[k].Key);
            var dim = new Rgb((byte)(color.R / 3), (byte)(color.G / 3), (byte)(color.B / 3));
            image.DrawNumber(8, y + 2, tracks[k].Key, color);
            foreach (var h in tracks[k])
            {
                int x = frame.PixelX(h.TimeS);
                image.DrawLine(x, y + 1, x, y + RowHeight - 2, h.Confirmed ? color : dim);
            }
        }

        if (scoreFromS is { } s && s > t0 && s < t1)
        {
            int x = frame.PixelX(s);
            for (int y = Top; y < height - Bottom; y += 3)
            {
                image.Set(x, y, LinePlot.Axis);
            }
        }

        return image;
    }

    private static void DrawTimeAxis(RgbImage image, PlotFrame f)
    {
        double spacing = AxisTicks.Spacing(f.XMin, f.XMax);
        foreach (double v in AxisTicks.Values(f.XMin, f.XMax, spacing))
        {
            int px = f.PixelX(v);
            image.DrawLine(px, f.Y1, px, f.Y1 + 4, LinePlot.Axis);
            string label = AxisTicks.Label(v, spacing);
            image.DrawText(px - (RgbImage.TextWidth(label, LinePlot.LabelScale) / 2), f.Y1 + 8, label, LinePlot.Axis, LinePlot.LabelScale);
        }

        image.DrawLine(f.X0, f.Y1, f.X1, f.Y1, LinePlot.Axis);
    }
}
