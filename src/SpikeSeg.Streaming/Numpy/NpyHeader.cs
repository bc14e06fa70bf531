using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SpikeSeg.Streaming.Numpy;

/// <summary>
/// The header of an .npy file (numpy.lib.format): magic, version, header length, and the dict with
/// descr (plain typestr or structured field list), fortran_order and shape.
/// </summary>
public sealed class NpyHeader
{
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Largest header text accepted; numpy itself refuses headers beyond 10 000 bytes by default.</summary>
    public const int MaxHeaderBytes = 1 << 20;

    public NpyHeader(IReadOnlyList<NpyField> fields, bool isStructured, bool fortranOrder, IReadOnlyList<long> shape, int itemSize)
    {
        Fields = fields;
        IsStructured = isStructured;
        FortranOrder = fortranOrder;
        Shape = shape;
        ItemSize = itemSize;
    }

    public IReadOnlyList<NpyField> Fields { get; }

    public bool IsStructured { get; }

    public bool FortranOrder { get; }

    public IReadOnlyList<long> Shape { get; }

    public int ItemSize { get; }

    /// <summary>Number of elements (records); throws <see cref="FormatException"/> on a shape whose product overflows.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long d in Shape)
            {
                count = checked(count * d);
            }

            return count;
        }
    }

    /// <summary>Finds a field by any of the given names (first match wins); null if absent.</summary>
    public NpyField? FindField(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (string name in names)
        {
            var field = Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
            if (field is not null)
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads the fixed preamble (magic, version, header length) from the first 12 bytes. Returns the total
    /// bytes of preamble + header text, and the offset where the header text starts.
    /// </summary>
    public static (int TextOffset, int TotalBytes) ReadPreamble(ReadOnlySpan<byte> first)
    {
        if (first.Length < 10 || !first[..6].SequenceEqual(Magic))
        {
            throw new FormatException("not an .npy file (magic \\x93NUMPY missing)");
        }

        int major = first[6];
        if (major == 1)
        {
            return (10, 10 + BinaryPrimitives.ReadUInt16LittleEndian(first[8..]));
        }

        if (major is 2 or 3)
        {
            if (first.Length < 12)
            {
                throw new FormatException("truncated .npy preamble");
            }

            uint length = BinaryPrimitives.ReadUInt32LittleEndian(first[8..]);
            if (length > MaxHeaderBytes)
            {
                throw new FormatException($".npy header length {length} exceeds {MaxHeaderBytes}");
            }

            return (12, 12 + (int)length);
        }

        throw new FormatException($"unsupported .npy version {major}.{first[7]}");
    }

    /// <summary>Parses the header dict text.</summary>
    public static NpyHeader Parse(string text)
    {
        if (PythonLiteral.Parse(text.Trim()) is not Dictionary<string, object?> dict)
        {
            throw new FormatException(".npy header is not a dict");
        }

        if (!dict.TryGetValue("descr", out object? descr) || !dict.TryGetValue("shape", out object? shapeValue))
        {
            throw new FormatException(".npy header lacks 'descr' or 'shape'");
        }

        bool fortran = dict.TryGetValue("fortran_order", out object? f) && f is true;
        if (shapeValue is not List<object?> shapeItems || shapeItems.Any(d => d is not long n || n < 0))
        {
            throw new FormatException(".npy 'shape' is not a tuple of non-negative integers");
        }

        var shape = shapeItems.Select(d => (long)d!).ToArray();
        var fields = new List<NpyField>();
        int offset = 0;
        bool structured;
        if (descr is string typeString)
        {
            structured = false;
            fields.Add(NpyField.FromTypeString(string.Empty, typeString, 0));
            offset = fields[0].Size;
        }
        else if (descr is List<object?> list)
        {
            structured = true;
            foreach (object? item in list)
            {
                if (item is not List<object?> pair || pair.Count != 2 || pair[0] is not string name || pair[1] is not string type)
                {
                    throw new FormatException(".npy structured descr entry is not a (name, typestr) pair (sub-arrays are not supported)");
                }

                var field = NpyField.FromTypeString(name, type, offset);
                fields.Add(field);
                offset = checked(offset + field.Size);
            }
        }
        else
        {
            throw new FormatException(".npy 'descr' is neither a typestr nor a field list");
        }

        if (offset <= 0)
        {
            throw new FormatException(".npy dtype has zero item size");
        }

        var header = new NpyHeader(fields, structured, fortran, shape, offset);
        _ = header.ElementCount;
        return header;
    }

    /// <summary>Formats a version 1.0 header (preamble + dict padded to a multiple of 64 bytes).</summary>
    public static byte[] Format(IReadOnlyList<NpyField> fields, bool structured, IReadOnlyList<long> shape, int minimumTotalBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(shape);
        string descr = structured
            ? "[" + string.Join(", ", fields.Select(f => $"('{f.Name}', '{f.TypeString}')")) + "]"
            : $"'{fields[0].TypeString}'";
        string shapeText = shape.Count == 1
            ? $"({shape[0].ToString(CultureInfo.InvariantCulture)},)"
            : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
        string dict = $"{{'descr': {descr}, 'fortran_order': False, 'shape': {shapeText}, }}";
        int total = 10 + dict.Length + 1;
        int padded = Math.Max(minimumTotalBytes, (total + 63) / 64 * 64);
        string text = dict + new string(' ', padded - total) + "\n";
        var bytes = new byte[10 + text.Length];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)text.Length));
        Encoding.ASCII.GetBytes(text, bytes.AsSpan(10));
        return bytes;
    }
}
