using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Network;

/// <summary>
/// <see cref="NeuronDynamics"/> over a contiguous block of neurons (a run of positions × their features): the
/// integrate-and-clamp of every neuron, then a scan for the few at or above a threshold. The vector forms do
/// the same float operations in the same order as the scalar references (no fused multiply-add, the clamp as a
/// compare and select), so they give the same bits.
/// </summary>
public static class NeuronKernel
{
    /// <summary>
    /// <c>membrane[i] = Integrate(membrane[i], current[i])</c> for every i, in one pass that also writes the index of
    /// every integrated value ≥ <paramref name="lowest"/> to <paramref name="crossings"/> (ascending); returns how
    /// many. <paramref name="crossings"/> must hold <paramref name="membrane"/>'s length. One read and one write of
    /// each membrane, no pre-reset copy (a neuron's pre-reset value differs from its membrane only where it fires). A nonempty
    /// <paramref name="cleared"/> (same length; it may be <paramref name="current"/> itself, each element is read before
    /// it is zeroed) is zeroed in the same pass, so a layer that does not keep its currents needs no clearing pass.
    /// </summary>
    public static int IntegrateAndFindCrossings(Span<float> membrane, ReadOnlySpan<float> current, float lowest, in NeuronParameters p, Span<int> crossings, Span<float> cleared = default)
    {
        if (current.Length != membrane.Length || crossings.Length < membrane.Length || (!cleared.IsEmpty && cleared.Length != membrane.Length))
        {
            throw new ArgumentException("membrane, current, cleared and crossings lengths do not fit.", nameof(current));
        }

        bool clearing = !cleared.IsEmpty;
        ref float z = ref MemoryMarshal.GetReference(cleared);

        int n = membrane.Length;
        int found = 0;
        int i = 0;
        bool clamp = p.Model == NeuronModel.Lif;
        bool subtractive = p.LeakMode == LeakMode.Subtractive;
        ref float m = ref MemoryMarshal.GetReference(membrane);
        ref float c = ref MemoryMarshal.GetReference(current);
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var leak = Vector512.Create(p.LeakPerStep);
            var beta = Vector512.Create(p.Beta);
            var limit = Vector512.Create(lowest);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var v = Vector512.LoadUnsafe(ref m, (nuint)i);
                var input = Vector512.LoadUnsafe(ref c, (nuint)i);
                var next = subtractive ? (v + input) - leak : (beta * v) + input;
                if (clamp)
                {
                    next = Vector512.ConditionalSelect(Vector512.LessThan(next, Vector512<float>.Zero), Vector512<float>.Zero, next);
                }

                next.StoreUnsafe(ref m, (nuint)i);
                if (clearing)
                {
                    Vector512<float>.Zero.StoreUnsafe(ref z, (nuint)i);
                }

                ulong bits = Vector512.GreaterThanOrEqual(next, limit).ExtractMostSignificantBits();
                found = AppendBits(bits, i, crossings, found);
            }
        }

        if (Vector256.IsHardwareAccelerated && n - i >= Vector256<float>.Count)
        {
            var leak = Vector256.Create(p.LeakPerStep);
            var beta = Vector256.Create(p.Beta);
            var limit = Vector256.Create(lowest);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref m, (nuint)i);
                var input = Vector256.LoadUnsafe(ref c, (nuint)i);
                var next = subtractive ? (v + input) - leak : (beta * v) + input;
                if (clamp)
                {
                    next = Vector256.ConditionalSelect(Vector256.LessThan(next, Vector256<float>.Zero), Vector256<float>.Zero, next);
                }

                next.StoreUnsafe(ref m, (nuint)i);
                if (clearing)
                {
                    Vector256<float>.Zero.StoreUnsafe(ref z, (nuint)i);
                }

                found = AppendBits(Vector256.GreaterThanOrEqual(next, limit).ExtractMostSignificantBits(), i, crossings, found);
            }
        }

        if (Vector128.IsHardwareAccelerated && n - i >= Vector128<float>.Count)
        {
            var leak = Vector128.Create(p.LeakPerStep);
            var beta = Vector128.Create(p.Beta);
            var limit = Vector128.Create(lowest);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var v = Vector128.LoadUnsafe(ref m, (nuint)i);
                var input = Vector128.LoadUnsafe(ref c, (nuint)i);
                var next = subtractive ? (v + input) - leak : (beta * v) + input;
                if (clamp)
                {
                    next = Vector128.ConditionalSelect(Vector128.LessThan(next, Vector128<float>.Zero), Vector128<float>.Zero, next);
                }

                next.StoreUnsafe(ref m, (nuint)i);
                if (clearing)
                {
                    Vector128<float>.Zero.StoreUnsafe(ref z, (nuint)i);
                }

                found = AppendBits(Vector128.GreaterThanOrEqual(next, limit).ExtractMostSignificantBits(), i, crossings, found);
            }
        }

        for (; i < n; i++)
        {
            float next = NeuronDynamics.Integrate(Unsafe.Add(ref m, i), Unsafe.Add(ref c, i), p);
            Unsafe.Add(ref m, i) = next;
            if (clearing)
            {
                Unsafe.Add(ref z, i) = 0f;
            }

            if (next >= lowest)
            {
                crossings[found++] = i;
            }
        }

        return found;
    }

    /// <summary>Scalar reference of <see cref="IntegrateAndFindCrossings"/>.</summary>
    public static int IntegrateAndFindCrossingsScalar(Span<float> membrane, ReadOnlySpan<float> current, float lowest, in NeuronParameters p, Span<int> crossings, Span<float> cleared = default)
    {
        if (current.Length != membrane.Length || crossings.Length < membrane.Length || (!cleared.IsEmpty && cleared.Length != membrane.Length))
        {
            throw new ArgumentException("membrane, current, cleared and crossings lengths do not fit.", nameof(current));
        }

        int found = 0;
        for (int i = 0; i < membrane.Length; i++)
        {
            float next = NeuronDynamics.Integrate(membrane[i], current[i], p);
            membrane[i] = next;
            if (!cleared.IsEmpty)
            {
                cleared[i] = 0f;
            }

            if (next >= lowest)
            {
                crossings[found++] = i;
            }
        }

        return found;
    }

    /// <summary>
    /// The first index i ≥ <paramref name="from"/> with <c>values[i] ≥ limits[i mod limits.Length]</c>, or −1: one
    /// streaming pass over a whole layer's membranes against per-feature limits repeated along positions.
    /// <paramref name="limits"/>.Length must be a multiple of <see cref="Vector{T}.Count"/> (see <see cref="RepeatingLength"/>).
    /// </summary>
    public static int IndexOfAtOrAboveRepeating(ReadOnlySpan<float> values, ReadOnlySpan<float> limits, int from)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        int width = Vector<float>.Count;
        if (limits.IsEmpty || limits.Length % width != 0)
        {
            throw new ArgumentException($"limits must be a nonempty multiple of {width} long.", nameof(limits));
        }

        int period = limits.Length;
        int i = from;
        for (; i < values.Length && i % width != 0; i++)
        {
            if (values[i] >= limits[i % period])
            {
                return i;
            }
        }

        if (Vector.IsHardwareAccelerated)
        {
            // i is a multiple of the vector width, so is i mod period: a limits vector never runs past the end.
            int phase = i % period;
            for (; i <= values.Length - width; i += width)
            {
                if (Vector.GreaterThanOrEqualAny(new Vector<float>(values.Slice(i, width)), new Vector<float>(limits.Slice(phase, width))))
                {
                    break;
                }

                phase += width;
                if (phase == period)
                {
                    phase = 0;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (values[i] >= limits[i % period])
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Scalar reference of <see cref="IndexOfAtOrAboveRepeating"/> (any nonempty limits length).</summary>
    public static int IndexOfAtOrAboveRepeatingScalar(ReadOnlySpan<float> values, ReadOnlySpan<float> limits, int from)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        for (int i = from; i < values.Length; i++)
        {
            if (values[i] >= limits[i % limits.Length])
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The shortest length that repeats <paramref name="features"/> limits and is a multiple of <see cref="Vector{T}.Count"/>.</summary>
    public static int RepeatingLength(int features)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        int width = Vector<float>.Count;
        return features / Gcd(features, width) * width;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    /// <summary>Appends <c>offset + b</c> for every set bit b of <paramref name="bits"/> (almost always none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AppendBits(ulong bits, int offset, Span<int> crossings, int found)
    {
        while (bits != 0)
        {
            crossings[found++] = offset + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
        }

        return found;
    }
}
