namespace SpikeSeg.Core.Events;

/// <summary>Pixel array size of a sensor. Events have 0 ≤ x &lt; Width and 0 ≤ y &lt; Height.</summary>
public readonly record struct SensorGeometry(int Width, int Height)
{
    public static readonly SensorGeometry Atis = new(304, 240);
    public static readonly SensorGeometry Davis240C = new(240, 180);
    public static readonly SensorGeometry Davis346 = new(346, 260);
    public static readonly SensorGeometry Gen4 = new(1280, 720);

    public int PixelCount => Width * Height;

    public bool Contains(int x, int y) => (uint)x < (uint)Width && (uint)y < (uint)Height;

    public override string ToString() => $"{Width}x{Height}";
}
