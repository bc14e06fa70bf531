using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Filters;

/// <summary>
/// Keeps events inside the rectangle [X0, X0 + Width) × [Y0, Y0 + Height); with <see cref="Rebase"/> the kept
/// coordinates are shifted so the rectangle's corner becomes (0, 0) (a crop to a smaller sensor).
/// </summary>
public sealed class RegionOfInterestFilter : IEventFilter
{
    private FilterCounter _removed;

    public RegionOfInterestFilter(int x0, int y0, int width, int height, bool rebase)
    {
        FilterSettings.Require(x0 >= 0 && y0 >= 0, "roi", "origin", "must not be negative");
        FilterSettings.Require(width > 0 && height > 0, "roi", "size", "must be positive");
        FilterSettings.Require((long)x0 + width <= ushort.MaxValue + 1L && (long)y0 + height <= ushort.MaxValue + 1L, "roi", "size", "reaches past coordinate 65535");
        X0 = x0;
        Y0 = y0;
        Width = width;
        Height = height;
        Rebase = rebase;
    }

    public int X0 { get; }

    public int Y0 { get; }

    public int Width { get; }

    public int Height { get; }

    public bool Rebase { get; }

    /// <summary>The sensor the kept events live on after this filter.</summary>
    public SensorGeometry OutputGeometry(SensorGeometry input) => Rebase ? new SensorGeometry(Width, Height) : input;

    public string Name => "roi";

    public long Removed => _removed.Value;

    public void Apply(EventPacket packet)
    {
        var rule = new Rule(X0, Y0, Width, Height, Rebase);
        _removed.Add(PacketCompaction.KeepWhere(packet, ref rule));
    }

    private readonly struct Rule(int x0, int y0, int width, int height, bool rebase) : IEventRule
    {
        public bool Keep(long timestampUs, ref ushort x, ref ushort y, byte polarity)
        {
            // Unsigned compare folds "below the origin" and "past the end" into one test.
            if ((uint)(x - x0) >= (uint)width || (uint)(y - y0) >= (uint)height)
            {
                return false;
            }

            if (rebase)
            {
                x = (ushort)(x - x0);
                y = (ushort)(y - y0);
            }

            return true;
        }
    }
}
