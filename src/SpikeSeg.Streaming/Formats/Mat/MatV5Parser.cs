using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SpikeSeg.Streaming.Formats.Mat;

/// <summary>
/// MAT-file level 5 (little-endian "IM" files; MathWorks "MAT-File Format"): 128-byte header, then tagged
/// elements; miCOMPRESSED wraps a zlib stream holding one miMATRIX. Reads numeric arrays (any storage type,
/// converted to double) and structs. Decompressed sizes grow only as data really inflates, up to a cap.
/// </summary>
public static class MatV5Parser
{
    public const int HeaderBytes = 128;
    public const int MaxElementBytes = 512 << 20;

    private const int MiInt8 = 1;
    private const int MiInt32 = 5;
    private const int MiMatrix = 14;
    private const int MiCompressed = 15;
    private const int MaxDepth = 8;

    /// <summary>Reads every top-level variable; errors name the byte offset.</summary>
    public static List<MatArray> ReadAll(EventByteSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.Ensure(HeaderBytes) || !source.Span.StartsWith("MATLAB"u8))
        {
            throw source.Error(0, "not a MAT-file (no 128-byte header starting with MATLAB)");
        }

        if (source.Span[126] != (byte)'I' || source.Span[127] != (byte)'M')
        {
            throw source.Error(126, "only little-endian (IM) MAT v5 files are supported; v7.3 (HDF5) is not");
        }

        source.Advance(HeaderBytes);
        var arrays = new List<MatArray>();
        while (source.Ensure(8))
        {
            long at = source.Position;
            int type = BinaryPrimitives.ReadInt32LittleEndian(source.Span);
            long bytes = BinaryPrimitives.ReadUInt32LittleEndian(source.Span[4..]);
            if (bytes > MaxElementBytes)
            {
                throw source.Error(at + 4, $"element of {bytes} bytes exceeds the {MaxElementBytes} byte limit");
            }

            source.Advance(8);
            var data = new byte[Math.Min(bytes, 1 << 20)];
            using var content = new MemoryStream();
            long left = bytes;
            while (left > 0)
            {
                int step = (int)Math.Min(left, data.Length);
                if (!source.ReadInto(data.AsSpan(0, step)))
                {
                    throw source.Error(source.Position, $"element at {at} declares {bytes} bytes but the file ends first");
                }

                content.Write(data, 0, step);
                left -= step;
            }

            source.Skip((8 - (bytes % 8)) % 8);
            try
            {
                byte[] body = content.ToArray();
                if (type == MiCompressed)
                {
                    body = Inflate(body);
                    if (body.Length < 8 || BinaryPrimitives.ReadInt32LittleEndian(body) != MiMatrix)
                    {
                        throw new InvalidDataException("compressed element does not hold an miMATRIX");
                    }

                    long inner = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(4));
                    if (inner > body.Length - 8)
                    {
                        throw new InvalidDataException($"miMATRIX declares {inner} bytes, {body.Length - 8} present");
                    }

                    arrays.Add(ParseMatrix(body.AsSpan(8, (int)inner), 0));
                }
                else if (type == MiMatrix)
                {
                    arrays.Add(ParseMatrix(body, 0));
                }
            }
            catch (InvalidDataException ex)
            {
                throw source.Error(at, $"MAT element: {ex.Message}");
            }
        }

        if (source.Available > 0)
        {
            throw source.Error(source.Position, "MAT-file ends inside an element tag");
        }

        return arrays;
    }

    private static byte[] Inflate(byte[] compressed)
    {
        using var input = new MemoryStream(compressed);
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = zlib.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (output.Length + read > MaxElementBytes)
            {
                throw new InvalidDataException($"decompressed element exceeds {MaxElementBytes} bytes");
            }

            output.Write(chunk, 0, read);
        }

        return output.ToArray();
    }

    private static MatArray ParseMatrix(ReadOnlySpan<byte> body, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException("structs nested too deeply");
        }

        int pos = 0;
        var flags = NextElement(body, ref pos, out _);
        if (flags.Length < 4)
        {
            throw new InvalidDataException("array flags missing");
        }

        int classId = flags[0];
        var dimsBytes = NextElement(body, ref pos, out int dimsType);
        if (dimsType != MiInt32 || dimsBytes.Length < 8 || dimsBytes.Length % 4 != 0)
        {
            throw new InvalidDataException("array dimensions missing");
        }

        var dims = new int[dimsBytes.Length / 4];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32LittleEndian(dimsBytes[(4 * i)..]);
            if (dims[i] < 0)
            {
                throw new InvalidDataException($"negative dimension {dims[i]}");
            }

            count *= dims[i];
            if (count > MaxElementBytes)
            {
                throw new InvalidDataException("array dimensions too large");
            }
        }

        string name = Encoding.ASCII.GetString(NextElement(body, ref pos, out _));
        var array = new MatArray(name, classId, dims);
        if (classId == MatArray.StructClass)
        {
            var lengthBytes = NextElement(body, ref pos, out _);
            int nameLength = lengthBytes.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(lengthBytes) : 0;
            var names = NextElement(body, ref pos, out _);
            if (nameLength <= 0 || names.Length % nameLength != 0)
            {
                throw new InvalidDataException("struct field names malformed");
            }

            var fieldNames = new List<string>();
            for (int i = 0; i < names.Length / nameLength; i++)
            {
                fieldNames.Add(Encoding.ASCII.GetString(names.Slice(i * nameLength, nameLength)).TrimEnd('\0'));
            }

            // Only the first element of a struct array is kept: the EBSSA TD struct is 1×1.
            for (long e = 0; e < Math.Min(count, 1); e++)
            {
                foreach (string field in fieldNames)
                {
                    var fieldBody = NextElement(body, ref pos, out int fieldType);
                    if (fieldType != MiMatrix)
                    {
                        throw new InvalidDataException($"struct field '{field}' is not an miMATRIX");
                    }

                    array.Fields[field] = fieldBody.IsEmpty ? new MatArray(field, 6, [0, 0]) : ParseMatrix(fieldBody, depth + 1);
                }
            }
        }
        else if (array.IsNumeric)
        {
            var real = NextElement(body, ref pos, out int dataType);
            array.Data = ToDoubles(real, dataType);
            if (array.Data.Length != count)
            {
                throw new InvalidDataException($"array '{name}' holds {array.Data.Length} values for {count} elements");
            }
        }

        return array;
    }

    /// <summary>Returns the data of the next tagged element (either tag form) and advances past its padding.</summary>
    private static ReadOnlySpan<byte> NextElement(ReadOnlySpan<byte> body, ref int pos, out int type)
    {
        if (pos + 8 > body.Length)
        {
            throw new InvalidDataException($"element tag at {pos} runs past the array");
        }

        uint first = BinaryPrimitives.ReadUInt32LittleEndian(body[pos..]);
        if ((first >> 16) != 0)
        {
            type = (int)(first & 0xFFFF);
            int small = (int)(first >> 16);
            if (small > 4)
            {
                throw new InvalidDataException($"small element at {pos} declares {small} bytes");
            }

            var data = body.Slice(pos + 4, small);
            pos += 8;
            return data;
        }

        type = (int)first;
        long bytes = BinaryPrimitives.ReadUInt32LittleEndian(body[(pos + 4)..]);
        if (pos + 8 + bytes > body.Length)
        {
            throw new InvalidDataException($"element at {pos} declares {bytes} bytes, past the array end");
        }

        var span = body.Slice(pos + 8, (int)bytes);
        long next = pos + 8 + bytes;
        next += (8 - (next % 8)) % 8;
        pos = (int)Math.Min(next, body.Length);
        return span;
    }

    private static double[] ToDoubles(ReadOnlySpan<byte> data, int type)
    {
        int size = type switch
        {
            1 or 2 => 1,
            3 or 4 => 2,
            5 or 6 or 7 => 4,
            9 or 12 or 13 => 8,
            _ => throw new InvalidDataException($"unsupported numeric storage type {type}"),
        };
        var values = new double[data.Length / size];
        for (int i = 0; i < values.Length; i++)
        {
            var b = data.Slice(i * size, size);
            values[i] = type switch
            {
                1 => (sbyte)b[0],
                2 => b[0],
                3 => BinaryPrimitives.ReadInt16LittleEndian(b),
                4 => BinaryPrimitives.ReadUInt16LittleEndian(b),
                5 => BinaryPrimitives.ReadInt32LittleEndian(b),
                6 => BinaryPrimitives.ReadUInt32LittleEndian(b),
                7 => BinaryPrimitives.ReadSingleLittleEndian(b),
                9 => BinaryPrimitives.ReadDoubleLittleEndian(b),
                12 => BinaryPrimitives.ReadInt64LittleEndian(b),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(b),
            };
        }

        return values;
    }
}
