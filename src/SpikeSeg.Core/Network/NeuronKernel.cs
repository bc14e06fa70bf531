using System.Numerics;
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
    /// <summary><c>membrane[i] = preReset[i] = Integrate(membrane[i], current[i])</c> for every i.</summary>
    public static void Integrate(Span<float> membrane, ReadOnlySpan<float> current, Span<float> preReset, in NeuronParameters p)
    {
        CheckLengths(membrane, current, preReset);
        int i = 0;
        bool clamp = p.Model == NeuronModel.Lif;
        bool subtractive = p.LeakMode == LeakMode.Subtractive;
        if (Vector.IsHardwareAccelerated && membrane.Length >= Vector<float>.Count)
        {
            var m = MemoryMarshal.Cast<float, Vector<float>>(membrane);
            var c = MemoryMarshal.Cast<float, Vector<float>>(current);
            var pre = MemoryMarshal.Cast<float, Vector<float>>(preReset);
            var leak = new Vector<float>(p.LeakPerStep);
            var beta = new Vector<float>(p.Beta);
            for (int v = 0; v < m.Length; v++)
            {
                var next = subtractive ? (m[v] + c[v]) - leak : (beta * m[v]) + c[v];
                if (clamp)
                {
                    next = Vector.ConditionalSelect(Vector.LessThan(next, Vector<float>.Zero), Vector<float>.Zero, next);
                }

                m[v] = next;
                pre[v] = next;
            }

            i = m.Length * Vector<float>.Count;
        }

        if (Vector128.IsHardwareAccelerated && membrane.Length - i >= Vector128<float>.Count)
        {
            var leak = Vector128.Create(p.LeakPerStep);
            var beta = Vector128.Create(p.Beta);
            for (; i <= membrane.Length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var m = Vector128.Create(membrane.Slice(i, Vector128<float>.Count));
                var c = Vector128.Create(current.Slice(i, Vector128<float>.Count));
                var next = subtractive ? (m + c) - leak : (beta * m) + c;
                if (clamp)
                {
                    next = Vector128.ConditionalSelect(Vector128.LessThan(next, Vector128<float>.Zero), Vector128<float>.Zero, next);
                }

                next.CopyTo(membrane.Slice(i));
                next.CopyTo(preReset.Slice(i));
            }
        }

        for (; i < membrane.Length; i++)
        {
            float next = NeuronDynamics.Integrate(membrane[i], current[i], p);
            membrane[i] = next;
            preReset[i] = next;
        }
    }

    /// <summary>Scalar reference of <see cref="Integrate"/>.</summary>
    public static void IntegrateScalar(Span<float> membrane, ReadOnlySpan<float> current, Span<float> preReset, in NeuronParameters p)
    {
        CheckLengths(membrane, current, preReset);
        for (int i = 0; i < membrane.Length; i++)
        {
            float next = NeuronDynamics.Integrate(membrane[i], current[i], p);
            membrane[i] = next;
            preReset[i] = next;
        }
    }

    /// <summary>The first index ≥ <paramref name="from"/> whose value is ≥ <paramref name="threshold"/>, or −1.</summary>
    public static int IndexOfAtOrAbove(ReadOnlySpan<float> values, float threshold, int from)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        int i = from;
        if (Vector.IsHardwareAccelerated)
        {
            var limit = new Vector<float>(threshold);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values.Slice(i, Vector<float>.Count));
                if (Vector.GreaterThanOrEqualAny(v, limit))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (values[i] >= threshold)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Scalar reference of <see cref="IndexOfAtOrAbove"/>.</summary>
    public static int IndexOfAtOrAboveScalar(ReadOnlySpan<float> values, float threshold, int from)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        for (int i = from; i < values.Length; i++)
        {
            if (values[i] >= threshold)
            {
                return i;
            }
        }

        return -1;
    }

    private static void CheckLengths(Span<float> membrane, ReadOnlySpan<float> current, Span<float> preReset)
    {
        if (current.Length != membrane.Length || preReset.Length != membrane.Length)
        {
            throw new ArgumentException("membrane, current and pre-reset lengths differ.", nameof(current));
        }
    }
}
