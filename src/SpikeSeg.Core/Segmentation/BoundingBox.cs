namespace SpikeSeg.Core.Segmentation;

/// <summary>An inclusive pixel box: both corners belong to it, so <c>Width = XMax − XMin + 1</c>.</summary>
public readonly record struct BoundingBox
{
    public BoundingBox(int xMin, int yMin, int xMax, int yMax)
    {
        if (xMax < xMin || yMax < yMin)
        {
            throw new InvalidInputException($"bounding box: ({xMin}, {yMin})–({xMax}, {yMax}) has a maximum below its minimum.");
        }

        XMin = xMin;
        YMin = yMin;
        XMax = xMax;
        YMax = yMax;
    }

    public int XMin { get; }

    public int YMin { get; }

    public int XMax { get; }

    public int YMax { get; }

    public int Width => XMax - XMin + 1;

    public int Height => YMax - YMin + 1;

    public long Area => (long)Width * Height;

    public bool Contains(int x, int y) => x >= XMin && x <= XMax && y >= YMin && y <= YMax;

    /// <summary>Overlap area in pixels, 0 when disjoint.</summary>
    public long IntersectionArea(BoundingBox other)
    {
        long w = (long)Math.Min(XMax, other.XMax) - Math.Max(XMin, other.XMin) + 1;
        long h = (long)Math.Min(YMax, other.YMax) - Math.Max(YMin, other.YMin) + 1;
        return w > 0 && h > 0 ? w * h : 0;
    }

    /// <summary>Intersection over union of the pixel sets, in [0, 1].</summary>
    public double IntersectionOverUnion(BoundingBox other)
    {
        long intersection = IntersectionArea(other);
        return intersection == 0 ? 0.0 : (double)intersection / (Area + other.Area - intersection);
    }

    /// <summary>The smallest box holding both.</summary>
    public BoundingBox Union(BoundingBox other) =>
        new(Math.Min(XMin, other.XMin), Math.Min(YMin, other.YMin), Math.Max(XMax, other.XMax), Math.Max(YMax, other.YMax));

    public override string ToString() => $"[{XMin}, {YMin}, {XMax}, {YMax}]";
}
