using System.Numerics;
using System.Runtime.InteropServices;

namespace SpikeSeg.Core.Decoding;

/// <summary><c>destination[i] += scale · source[i]</c>, the inner operation of the transposed-convolution scatter.</summary>
public static class ScaledAdd
{
    /// <summary>The definition: one element at a time.</summary>
    public static void Scalar(Span<float> destination, ReadOnlySpan<float> source, float scale)
    {
        CheckLengths(destination, source);
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] += scale * source[i];
        }
    }

    /// <summary><see cref="Vector{T}"/> blocks, then the remainder element by element (same result as <see cref="Scalar"/>).</summary>
    public static void Vectorized(Span<float> destination, ReadOnlySpan<float> source, float scale)
    {
        CheckLengths(destination, source);
        int width = Vector<float>.Count;
        int i = 0;
        if (Vector.IsHardwareAccelerated && source.Length >= width)
        {
            var scaleVector = new Vector<float>(scale);
            var dst = MemoryMarshal.Cast<float, Vector<float>>(destination[..(source.Length - (source.Length % width))]);
            var src = MemoryMarshal.Cast<float, Vector<float>>(source[..(source.Length - (source.Length % width))]);
            for (int v = 0; v < src.Length; v++)
            {
                // Multiply then add (no fused multiply-add) so every element rounds exactly as in Scalar.
                dst[v] += scaleVector * src[v];
            }

            i = src.Length * width;
        }

        for (; i < source.Length; i++)
        {
            destination[i] += scale * source[i];
        }
    }

    private static void CheckLengths(Span<float> destination, ReadOnlySpan<float> source)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} elements, source {source.Length}.", nameof(destination));
        }
    }
}
