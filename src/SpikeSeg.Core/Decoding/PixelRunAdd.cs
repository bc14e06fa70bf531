using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeSeg.Core.Decoding;

/// <summary>
/// <c>destination[i] += scale · source[i]</c> over a run of HWC pixels, with every vector access aligned to a pixel
/// boundary. HULK scatters neighbouring cells one after another, so a row often starts a pixel or two beside the
/// row written just before; a wide load straddling two earlier stores cannot be forwarded from the store buffer,
/// while pixel-sized accesses always meet an earlier store of the same address and size. (Measured on HULK's
/// 5-pixel rows: on par with widest-vector rows for 4 channels, about 15 % faster for 2.) Element by element
/// the same multiply, round and add as <see cref="ScaledAdd.Scalar"/>, so the same bits.
/// </summary>
public static class PixelRunAdd
{
    /// <summary><paramref name="pixels"/> pixels of <paramref name="channels"/> floats each (the scalar reference is <see cref="ScaledAdd.Scalar"/>).</summary>
    public static void Add(Span<float> destination, ReadOnlySpan<float> source, int channels, float scale)
    {
        if (channels <= 0 || source.Length % channels != 0 || destination.Length < source.Length)
        {
            throw new ArgumentException($"pixel run add: {source.Length} source and {destination.Length} destination floats are not whole pixels of {channels} channels.", nameof(source));
        }

        Unchecked(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination), ref System.Runtime.InteropServices.MemoryMarshal.GetReference(source), source.Length / channels, channels, scale);
    }

    /// <summary>
    /// <see cref="Unchecked"/> over <paramref name="rows"/> runs <paramref name="destinationStride"/> and
    /// <paramref name="sourceStride"/> floats apart (one kernel footprint), with the channel case chosen once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Rows(ref float destination, int destinationStride, ref float source, int sourceStride, int rows, int pixels, int channels, float scale)
    {
        int length = pixels * channels;
        if (channels == 2 && Vector128.IsHardwareAccelerated)
        {
            var s = Vector128.Create(scale);
            for (int r = 0; r < rows; r++)
            {
                ref byte d = ref Unsafe.As<float, byte>(ref Unsafe.Add(ref destination, r * destinationStride));
                ref byte w = ref Unsafe.As<float, byte>(ref Unsafe.Add(ref source, r * sourceStride));
                for (int i = 0; i < length * sizeof(float); i += 2 * sizeof(float))
                {
                    var dv = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<double>(ref Unsafe.Add(ref d, i))).AsSingle();
                    var sv = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<double>(ref Unsafe.Add(ref w, i))).AsSingle();
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, i), (dv + (s * sv)).AsDouble().ToScalar());
                }
            }

            return;
        }

        if (channels == 4 && Vector128.IsHardwareAccelerated)
        {
            var s = Vector128.Create(scale);
            for (int r = 0; r < rows; r++)
            {
                ref float d = ref Unsafe.Add(ref destination, r * destinationStride);
                ref float w = ref Unsafe.Add(ref source, r * sourceStride);
                for (int i = 0; i < length; i += 4)
                {
                    (Vector128.LoadUnsafe(ref d, (nuint)i) + (s * Vector128.LoadUnsafe(ref w, (nuint)i))).StoreUnsafe(ref d, (nuint)i);
                }
            }

            return;
        }

        for (int r = 0; r < rows; r++)
        {
            Unchecked(ref Unsafe.Add(ref destination, r * destinationStride), ref Unsafe.Add(ref source, r * sourceStride), pixels, channels, scale);
        }
    }

    /// <summary>
    /// <see cref="Rows"/> for the shipped networks' trans_conv1 footprint — unclipped 5-pixel rows of 2 channels
    /// at scale 1 (HULK's spikes; 1 · w is w exactly) — with the five pixel adds written out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RowsOfFivePairs(ref float destination, int destinationStride, ref float source, int sourceStride, int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            ref byte d = ref Unsafe.As<float, byte>(ref Unsafe.Add(ref destination, r * destinationStride));
            ref byte w = ref Unsafe.As<float, byte>(ref Unsafe.Add(ref source, r * sourceStride));
            AddPair(ref d, ref w, 0);
            AddPair(ref d, ref w, 8);
            AddPair(ref d, ref w, 16);
            AddPair(ref d, ref w, 24);
            AddPair(ref d, ref w, 32);
        }
    }

    /// <summary>The same for trans_conv2's footprint: unclipped 5-pixel rows of 4 channels at scale 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RowsOfFiveQuads(ref float destination, int destinationStride, ref float source, int sourceStride, int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            ref float d = ref Unsafe.Add(ref destination, r * destinationStride);
            ref float w = ref Unsafe.Add(ref source, r * sourceStride);
            (Vector128.LoadUnsafe(ref d, 0) + Vector128.LoadUnsafe(ref w, 0)).StoreUnsafe(ref d, 0);
            (Vector128.LoadUnsafe(ref d, 4) + Vector128.LoadUnsafe(ref w, 4)).StoreUnsafe(ref d, 4);
            (Vector128.LoadUnsafe(ref d, 8) + Vector128.LoadUnsafe(ref w, 8)).StoreUnsafe(ref d, 8);
            (Vector128.LoadUnsafe(ref d, 12) + Vector128.LoadUnsafe(ref w, 12)).StoreUnsafe(ref d, 12);
            (Vector128.LoadUnsafe(ref d, 16) + Vector128.LoadUnsafe(ref w, 16)).StoreUnsafe(ref d, 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPair(ref byte destination, ref byte source, int offset)
    {
        var d = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<double>(ref Unsafe.Add(ref destination, offset))).AsSingle();
        var s = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<double>(ref Unsafe.Add(ref source, offset))).AsSingle();
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, offset), (d + s).AsDouble().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Unchecked(ref float destination, ref float source, int pixels, int channels, float scale)
    {
        int length = pixels * channels;
        if (channels == 2 && Vector128.IsHardwareAccelerated)
        {
            // One 8-byte access per pixel: the two floats travel as the low half of a 128-bit vector.
            var s = Vector128.Create(scale);
            for (int i = 0; i < length; i += 2)
            {
                ref byte d = ref Unsafe.As<float, byte>(ref Unsafe.Add(ref destination, i));
                var dv = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<double>(ref d)).AsSingle();
                var sv = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref source, i)))).AsSingle();
                Unsafe.WriteUnaligned(ref d, (dv + (s * sv)).AsDouble().ToScalar());
            }

            return;
        }

        if ((channels & 3) == 0 && Vector128.IsHardwareAccelerated)
        {
            int step = (channels & 15) == 0 && Vector512.IsHardwareAccelerated ? 16 : (channels & 7) == 0 && Vector256.IsHardwareAccelerated ? 8 : 4;
            if (step == 16)
            {
                var s = Vector512.Create(scale);
                for (int i = 0; i < length; i += 16)
                {
                    (Vector512.LoadUnsafe(ref destination, (nuint)i) + (s * Vector512.LoadUnsafe(ref source, (nuint)i))).StoreUnsafe(ref destination, (nuint)i);
                }
            }
            else if (step == 8)
            {
                var s = Vector256.Create(scale);
                for (int i = 0; i < length; i += 8)
                {
                    (Vector256.LoadUnsafe(ref destination, (nuint)i) + (s * Vector256.LoadUnsafe(ref source, (nuint)i))).StoreUnsafe(ref destination, (nuint)i);
                }
            }
            else
            {
                var s = Vector128.Create(scale);
                for (int i = 0; i < length; i += 4)
                {
                    (Vector128.LoadUnsafe(ref destination, (nuint)i) + (s * Vector128.LoadUnsafe(ref source, (nuint)i))).StoreUnsafe(ref destination, (nuint)i);
                }
            }

            return;
        }

        for (int i = 0; i < length; i++)
        {
            Unsafe.Add(ref destination, i) += scale * Unsafe.Add(ref source, i);
        }
    }
}
