using System.Buffers.Binary;

namespace SpikeSeg.Streaming.Formats.Aedat4;

/// <summary>
/// Bounds-checked reads of the few FlatBuffers constructs AEDAT 4 uses (tables, scalar fields, vectors,
/// strings; flatbuffers.dev/internals). Every position is checked against the buffer; a bad one throws
/// <see cref="InvalidDataException"/> with a description for the caller to wrap with file and offset.
/// </summary>
public static class FlatBufferReader
{
    /// <summary>Position of the root table of a buffer (the uoffset at byte 0).</summary>
    public static int RootTable(ReadOnlySpan<byte> buffer)
    {
        long table = U32(buffer, 0);
        Check(buffer, table, 4, "root table");
        return (int)table;
    }

    /// <summary>Absolute position of field <paramref name="field"/> of the table, or -1 when the field is absent (default value).</summary>
    public static int Field(ReadOnlySpan<byte> buffer, int table, int field)
    {
        long vtable = table - (long)I32(buffer, table);
        Check(buffer, vtable, 4, "vtable");
        int vtableBytes = U16(buffer, (int)vtable);
        Check(buffer, vtable, vtableBytes, "vtable");
        int entry = 4 + (2 * field);
        if (vtableBytes < 4 || entry + 2 > vtableBytes)
        {
            return -1;
        }

        int fieldOffset = U16(buffer, (int)vtable + entry);
        if (fieldOffset == 0)
        {
            return -1;
        }

        Check(buffer, (long)table + fieldOffset, 1, "table field");
        return table + fieldOffset;
    }

    public static int ReadInt32(ReadOnlySpan<byte> buffer, int table, int field, int defaultValue)
    {
        int at = Field(buffer, table, field);
        return at < 0 ? defaultValue : I32(buffer, at);
    }

    public static long ReadInt64(ReadOnlySpan<byte> buffer, int table, int field, long defaultValue)
    {
        int at = Field(buffer, table, field);
        if (at < 0)
        {
            return defaultValue;
        }

        Check(buffer, at, 8, "int64 field");
        return BinaryPrimitives.ReadInt64LittleEndian(buffer[at..]);
    }

    /// <summary>The (start of first element, element count) of a vector field; (0, 0) when absent.</summary>
    public static (int Start, int Count) Vector(ReadOnlySpan<byte> buffer, int table, int field, int elementBytes)
    {
        int at = Field(buffer, table, field);
        if (at < 0)
        {
            return (0, 0);
        }

        long vector = at + (long)U32(buffer, at);
        long count = U32(buffer, vector);
        Check(buffer, vector + 4, count * elementBytes, "vector");
        return ((int)vector + 4, (int)count);
    }

    public static string? ReadString(ReadOnlySpan<byte> buffer, int table, int field)
    {
        var (start, count) = Vector(buffer, table, field, 1);
        return start == 0 ? null : System.Text.Encoding.UTF8.GetString(buffer.Slice(start, count));
    }

    private static uint U32(ReadOnlySpan<byte> buffer, long at)
    {
        Check(buffer, at, 4, "uint32");
        return BinaryPrimitives.ReadUInt32LittleEndian(buffer[(int)at..]);
    }

    private static int I32(ReadOnlySpan<byte> buffer, long at)
    {
        Check(buffer, at, 4, "int32");
        return BinaryPrimitives.ReadInt32LittleEndian(buffer[(int)at..]);
    }

    private static int U16(ReadOnlySpan<byte> buffer, int at)
    {
        Check(buffer, at, 2, "uint16");
        return BinaryPrimitives.ReadUInt16LittleEndian(buffer[at..]);
    }

    private static void Check(ReadOnlySpan<byte> buffer, long at, long length, string what)
    {
        if (at < 0 || length < 0 || at + length > buffer.Length)
        {
            throw new InvalidDataException($"flatbuffer {what} at {at} (+{length}) lies outside the {buffer.Length}-byte buffer");
        }
    }
}
