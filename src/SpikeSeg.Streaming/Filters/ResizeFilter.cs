using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Filters;

/// <summary>
/// Maps coordinates from one sensor size to another with the reference's formula (reference-semantics §1.1.3):
/// x' = round(x·(W − 1)/max(Ws − 1, 1)), rounding half to even, then clipped to the output. Several input pixels
/// may land on one output pixel; nothing is removed (out-of-range input is clipped, as in the reference).
/// The mapping is precomputed per coordinate, so a packet costs two table look-ups per event.
/// </summary>
public sealed class ResizeFilter : IEventFilter
{
    private readonly ushort[] _mapX;
    private readonly ushort[] _mapY;

    public ResizeFilter(SensorGeometry source, SensorGeometry target)
    {
        FilterSettings.Require(source.Width > 0 && source.Height > 0 && source.Width <= ushort.MaxValue + 1 && source.Height <= ushort.MaxValue + 1, "resize", "source", $"{source} is not a valid sensor");
        FilterSettings.Require(target.Width > 0 && target.Height > 0 && target.Width <= ushort.MaxValue + 1 && target.Height <= ushort.MaxValue + 1, "resize", "target", $"{target} is not a valid sensor");
        Source = source;
        Target = target;
        _mapX = BuildMap(source.Width, target.Width);
        _mapY = BuildMap(source.Height, target.Height);
    }

    public SensorGeometry Source { get; }

    public SensorGeometry Target { get; }

    public string Name => "resize";

    /// <summary>Always 0: resizing moves events, it never removes them.</summary>
    public long Removed => 0;

    /// <summary>The reference formula for one coordinate (the scalar oracle of the look-up tables).</summary>
    public static int Scale(int coordinate, int sourceSize, int targetSize)
    {
        // Dividing the exact integer product keeps exact halves exact, so half-to-even sees them as numpy does.
        double scaled = coordinate * (double)(targetSize - 1) / Math.Max(sourceSize - 1, 1);
        double rounded = Math.Round(scaled, MidpointRounding.ToEven);
        return (int)Math.Clamp(rounded, 0, targetSize - 1);
    }

    public void Apply(EventPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ushort[] x = packet.RawX;
        ushort[] y = packet.RawY;
        ushort[] mapX = _mapX;
        ushort[] mapY = _mapY;
        ushort lastX = (ushort)(Target.Width - 1);
        ushort lastY = (ushort)(Target.Height - 1);
        int n = packet.Count;
        for (int i = 0; i < n; i++)
        {
            // Past the source's edge the formula exceeds the target and the clip gives its last pixel.
            x[i] = x[i] < mapX.Length ? mapX[x[i]] : lastX;
            y[i] = y[i] < mapY.Length ? mapY[y[i]] : lastY;
        }
    }

    private static ushort[] BuildMap(int sourceSize, int targetSize)
    {
        var map = new ushort[sourceSize];
        for (int c = 0; c < sourceSize; c++)
        {
            map[c] = (ushort)Scale(c, sourceSize, targetSize);
        }

        return map;
    }
}
