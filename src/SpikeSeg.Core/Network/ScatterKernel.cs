using System.Numerics;
using System.Runtime.InteropServices;

namespace SpikeSeg.Core.Network;

/// <summary>
/// The hot loop of the event-driven convolution: <c>destination[i] += source[i] · scale</c> over the output
/// features of one position. The vector and scalar forms multiply, round, then add (no fused multiply-add), so
/// they produce the same bits.
/// </summary>
public static class ScatterKernel
{
    public static void AddScaled(Span<float> destination, ReadOnlySpan<float> source, float scale)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException("source and destination lengths differ.", nameof(source));
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && destination.Length >= Vector<float>.Count)
        {
            var scaleVector = new Vector<float>(scale);
            var dst = MemoryMarshal.Cast<float, Vector<float>>(destination);
            var src = MemoryMarshal.Cast<float, Vector<float>>(source);
            for (int v = 0; v < dst.Length; v++)
            {
                dst[v] += src[v] * scaleVector;
            }

            i = dst.Length * Vector<float>.Count;
        }

        for (; i < destination.Length; i++)
        {
            destination[i] += source[i] * scale;
        }
    }

    /// <summary>Scalar reference of <see cref="AddScaled"/>.</summary>
    public static void AddScaledScalar(Span<float> destination, ReadOnlySpan<float> source, float scale)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException("source and destination lengths differ.", nameof(source));
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] += source[i] * scale;
        }
    }
}
