using System.Runtime.InteropServices;
using SpikeSeg.Core;

namespace SpikeSeg.Streaming.Numpy;

/// <summary>
/// A whole .npy array in memory (plain or structured), for weights, ids and other small tensors.
/// Reading allocates only as data really arrives, so a huge declared shape fails as truncation.
/// </summary>
public sealed class NpyArray
{
    public NpyArray(NpyHeader header, byte[] data)
    {
        Header = header;
        Data = data;
    }

    public NpyHeader Header { get; }

    /// <summary>Raw little- or big-endian element bytes as stored (C order unless Header.FortranOrder).</summary>
    public byte[] Data { get; }

    public static NpyArray Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var preamble = new byte[12];
        int got = stream.ReadAtLeast(preamble, 12, throwOnEndOfStream: false);
        NpyHeader header;
        int consumed;
        try
        {
            var (textOffset, total) = NpyHeader.ReadPreamble(preamble.AsSpan(0, got));
            var head = new byte[total];
            preamble.AsSpan(0, Math.Min(got, total)).CopyTo(head);
            if (got < total && stream.ReadAtLeast(head.AsSpan(got), total - got, throwOnEndOfStream: false) < total - got)
            {
                throw new FormatException("header truncated");
            }

            header = NpyHeader.Parse(System.Text.Encoding.Latin1.GetString(head, textOffset, total - textOffset));
            consumed = total;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new InvalidInputException($"{sourceName}: .npy header: {ex.Message}", ex);
        }

        long bytes = checked(header.ElementCount * header.ItemSize);
        using var data = new MemoryStream();
        var chunk = new byte[(int)Math.Min(Math.Max(bytes, 1), 1 << 20)];
        byte[] leftover = preamble.AsSpan(Math.Min(got, consumed), Math.Max(0, got - consumed)).ToArray();
        data.Write(leftover, 0, (int)Math.Min(leftover.Length, bytes));
        while (data.Length < bytes)
        {
            int read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, bytes - data.Length));
            if (read == 0)
            {
                throw new InvalidInputException($"{sourceName}: byte offset {consumed + data.Length}: .npy data truncated ({data.Length} of {bytes} bytes)");
            }

            data.Write(chunk, 0, read);
        }

        return new NpyArray(header, data.ToArray());
    }

    /// <summary>The elements as <typeparamref name="T"/>; the dtype must be the matching little-endian plain type.</summary>
    public T[] ToArray<T>()
        where T : unmanaged
    {
        var expected = FieldFor<T>(string.Empty, 0);
        var actual = Header.Fields[0];
        if (Header.IsStructured || actual.Kind != expected.Kind || actual.Size != expected.Size || (actual.Size > 1 && actual.ByteOrder == '>'))
        {
            throw new InvalidInputException($".npy dtype {actual.TypeString} is not {expected.TypeString}");
        }

        return MemoryMarshal.Cast<byte, T>(Data).ToArray();
    }

    /// <summary>Writes a plain C-order array of <typeparamref name="T"/> with the given shape.</summary>
    public static void Write<T>(Stream stream, ReadOnlySpan<T> values, IReadOnlyList<long> shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(shape);
        long count = shape.Aggregate(1L, (a, d) => checked(a * d));
        if (count != values.Length)
        {
            throw new ArgumentException($"shape holds {count} elements, {values.Length} given", nameof(shape));
        }

        stream.Write(NpyHeader.Format([FieldFor<T>(string.Empty, 0)], false, shape));
        stream.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>The numpy field describing <typeparamref name="T"/> (little-endian).</summary>
    public static NpyField FieldFor<T>(string name, int offset)
        where T : unmanaged
    {
        var (kind, size) = typeof(T) switch
        {
            var t when t == typeof(float) => ('f', 4),
            var t when t == typeof(double) => ('f', 8),
            var t when t == typeof(sbyte) => ('i', 1),
            var t when t == typeof(short) => ('i', 2),
            var t when t == typeof(int) => ('i', 4),
            var t when t == typeof(long) => ('i', 8),
            var t when t == typeof(byte) => ('u', 1),
            var t when t == typeof(ushort) => ('u', 2),
            var t when t == typeof(uint) => ('u', 4),
            var t when t == typeof(ulong) => ('u', 8),
            var t when t == typeof(bool) => ('b', 1),
            _ => throw new NotSupportedException($"no numpy dtype for {typeof(T).Name}"),
        };
        return new NpyField(name, '<', kind, size, offset);
    }
}
