using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeSeg.Core.Network;

/// <summary>
/// The hot loop of the event-driven convolution: <c>destination[i] += source[i] · scale</c> over one kernel row
/// of output positions × their features. The widest vectors the CPU has go first (512, 256, then 128 bits), then
/// scalars for the tail. Every form multiplies, rounds, then adds (no fused multiply-add), so all give the same bits.
/// </summary>
public static class ScatterKernel
{
    public static void AddScaled(Span<float> destination, ReadOnlySpan<float> source, float scale)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException("source and destination lengths differ.", nameof(source));
        }

        AddScaled(ref MemoryMarshal.GetReference(destination), ref MemoryMarshal.GetReference(source), destination.Length, scale);
    }

    /// <summary>
    /// <see cref="AddScaled(Span{float}, ReadOnlySpan{float}, float)"/> on <paramref name="n"/> elements from two
    /// references, for callers that proved the bounds once for many rows (the per-row slice checks cost as much as
    /// a 20-float row).
    /// </summary>
    internal static void AddScaled(ref float dst, ref float src, int n, float scale)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var s = Vector512.Create(scale);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var sum = Vector512.LoadUnsafe(ref dst, (nuint)i) + (Vector512.LoadUnsafe(ref src, (nuint)i) * s);
                sum.StoreUnsafe(ref dst, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated && n - i >= Vector256<float>.Count)
        {
            var s = Vector256.Create(scale);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var sum = Vector256.LoadUnsafe(ref dst, (nuint)i) + (Vector256.LoadUnsafe(ref src, (nuint)i) * s);
                sum.StoreUnsafe(ref dst, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated && n - i >= Vector128<float>.Count)
        {
            var s = Vector128.Create(scale);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var sum = Vector128.LoadUnsafe(ref dst, (nuint)i) + (Vector128.LoadUnsafe(ref src, (nuint)i) * s);
                sum.StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dst, i) += Unsafe.Add(ref src, i) * scale;
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
