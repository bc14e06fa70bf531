using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeSeg.Core.Decoding;

/// <summary><c>destination[i] += scale · source[i]</c>, the inner operation of the transposed-convolution scatter.</summary>
public static class ScaledAdd
{
    /// <summary>The definition: one element at a time.</summary>
    public static void Scalar(Span<float> destination, ReadOnlySpan<float> source, float scale)
    {
        CheckLengths(destination.Length, source.Length);
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] += scale * source[i];
        }
    }

    /// <summary>The widest vectors the CPU has, then the remainder element by element (same result as <see cref="Scalar"/>).</summary>
    public static void Vectorized(Span<float> destination, ReadOnlySpan<float> source, float scale)
    {
        CheckLengths(destination.Length, source.Length);
        Unchecked(ref MemoryMarshal.GetReference(destination), ref MemoryMarshal.GetReference(source), source.Length, scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Unchecked(ref float destination, ref float source, int length, float scale)
    {
        // Multiply then add (no fused multiply-add) so every element rounds exactly as in Scalar.
        int i = 0;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<float>.Count)
        {
            var s = Vector512.Create(scale);
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                (Vector512.LoadUnsafe(ref destination, (nuint)i) + (s * Vector512.LoadUnsafe(ref source, (nuint)i))).StoreUnsafe(ref destination, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated && length - i >= Vector256<float>.Count)
        {
            var s = Vector256.Create(scale);
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref destination, (nuint)i) + (s * Vector256.LoadUnsafe(ref source, (nuint)i))).StoreUnsafe(ref destination, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated && length - i >= Vector128<float>.Count)
        {
            var s = Vector128.Create(scale);
            for (; i <= length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                (Vector128.LoadUnsafe(ref destination, (nuint)i) + (s * Vector128.LoadUnsafe(ref source, (nuint)i))).StoreUnsafe(ref destination, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref destination, i) += scale * Unsafe.Add(ref source, i);
        }
    }

    private static void CheckLengths(int destination, int source)
    {
        if (destination < source)
        {
            ThrowLengths(destination, source);
        }
    }

    [DoesNotReturn]
    private static void ThrowLengths(int destination, int source) =>
        throw new ArgumentException($"destination has {destination} elements, source {source}.", nameof(destination));
}
