namespace SpikeSeg.Core.Segmentation;

/// <summary>
/// Splits a set of pixels into clusters: two pixels belong to one cluster when a chain of pixels of the set links
/// them with steps of at most <c>linkRadiusPx</c> in x and in y (Chebyshev distance). Radius 1 is 8-connectivity;
/// a larger radius bridges the gaps between the sparse events of one small object.
/// </summary>
public sealed class PixelClusterer
{
    private readonly int _width;
    private readonly int _height;
    private readonly int[] _indexOfPixel;
    private readonly List<int> _stack = [];

    public PixelClusterer(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        _width = width;
        _height = height;
        _indexOfPixel = new int[width * height];
        Array.Fill(_indexOfPixel, -1);
    }

    /// <summary>
    /// Writes each pixel's cluster number into <paramref name="clusterOfPixel"/> (same order as
    /// <paramref name="flatPixels"/>) and returns the number of clusters. Clusters are numbered 0, 1, … in the
    /// order of their first pixel in the input, so the result depends only on that order. Pixels must be distinct.
    /// </summary>
    public int Cluster(ReadOnlySpan<int> flatPixels, Span<int> clusterOfPixel, int linkRadiusPx)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(linkRadiusPx);
        if (clusterOfPixel.Length < flatPixels.Length)
        {
            throw new ArgumentException("One cluster slot per pixel is needed.", nameof(clusterOfPixel));
        }

        for (int i = 0; i < flatPixels.Length; i++)
        {
            int p = flatPixels[i];
            if ((uint)p >= (uint)_indexOfPixel.Length || _indexOfPixel[p] >= 0)
            {
                Unmark(flatPixels[..i]);
                throw new ArgumentException($"Pixel {p} at position {i} is outside the image or repeated.", nameof(flatPixels));
            }

            _indexOfPixel[p] = i;
            clusterOfPixel[i] = -1;
        }

        int clusters = 0;
        for (int i = 0; i < flatPixels.Length; i++)
        {
            if (clusterOfPixel[i] >= 0)
            {
                continue;
            }

            clusterOfPixel[i] = clusters;
            _stack.Clear();
            _stack.Add(flatPixels[i]);
            while (_stack.Count > 0)
            {
                int p = _stack[^1];
                _stack.RemoveAt(_stack.Count - 1);
                int px = p % _width, py = p / _width;
                int y0 = Math.Max(0, py - linkRadiusPx), y1 = Math.Min(_height - 1, py + linkRadiusPx);
                int x0 = Math.Max(0, px - linkRadiusPx), x1 = Math.Min(_width - 1, px + linkRadiusPx);
                for (int y = y0; y <= y1; y++)
                {
                    for (int x = x0; x <= x1; x++)
                    {
                        int q = (y * _width) + x;
                        int j = _indexOfPixel[q];
                        if (j >= 0 && clusterOfPixel[j] < 0)
                        {
                            clusterOfPixel[j] = clusters;
                            _stack.Add(q);
                        }
                    }
                }
            }

            clusters++;
        }

        Unmark(flatPixels);
        return clusters;
    }

    private void Unmark(ReadOnlySpan<int> flatPixels)
    {
        foreach (int p in flatPixels)
        {
            _indexOfPixel[p] = -1;
        }
    }
}
