namespace SpikeSeg.Core.Segmentation;

/// <summary>A set of pixels of a <see cref="Width"/>×<see cref="Height"/> image as ascending flat <c>y·Width + x</c> indices.</summary>
public sealed class PixelMask
{
    private readonly int[] _flatPixels;

    /// <summary>Takes ownership of <paramref name="ascendingFlatPixels"/> (strictly ascending, inside the image).</summary>
    public PixelMask(int width, int height, int[] ascendingFlatPixels)
    {
        ArgumentNullException.ThrowIfNull(ascendingFlatPixels);
        if (width <= 0 || height <= 0)
        {
            throw new InvalidInputException($"pixel mask: size {width}×{height} must be positive.");
        }

        for (int i = 0; i < ascendingFlatPixels.Length; i++)
        {
            int p = ascendingFlatPixels[i];
            if (p < 0 || p >= width * height || (i > 0 && p <= ascendingFlatPixels[i - 1]))
            {
                throw new InvalidInputException($"pixel mask: pixel {p} at position {i} is outside the image or not ascending.");
            }
        }

        Width = width;
        Height = height;
        _flatPixels = ascendingFlatPixels;
        Bounds = ComputeBounds();
    }

    public int Width { get; }

    public int Height { get; }

    public int Count => _flatPixels.Length;

    public bool IsEmpty => _flatPixels.Length == 0;

    public ReadOnlySpan<int> FlatPixels => _flatPixels;

    /// <summary>Inclusive bounding box of the pixels, null when empty.</summary>
    public BoundingBox? Bounds { get; }

    public bool Contains(int x, int y) =>
        (uint)x < (uint)Width && (uint)y < (uint)Height && Array.BinarySearch(_flatPixels, (y * Width) + x) >= 0;

    private BoundingBox? ComputeBounds()
    {
        if (_flatPixels.Length == 0)
        {
            return null;
        }

        // Ascending flat order gives the rows directly; the columns need one pass.
        int yMin = _flatPixels[0] / Width;
        int yMax = _flatPixels[^1] / Width;
        int xMin = int.MaxValue;
        int xMax = int.MinValue;
        foreach (int p in _flatPixels)
        {
            int x = p % Width;
            xMin = Math.Min(xMin, x);
            xMax = Math.Max(xMax, x);
        }

        return new BoundingBox(xMin, yMin, xMax, yMax);
    }
}
