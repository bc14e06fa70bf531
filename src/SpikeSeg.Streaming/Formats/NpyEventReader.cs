using System.Buffers.Binary;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Numpy;

namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// .npy structured event arrays (event-formats.md §10): fields are mapped by name (t/ts/timestamp/t_us,
/// x, y, p/pol/polarity), in any order, width, byte order and padding. Polarity &gt; 0 is ON, so 0/1,
/// bool and ±1 encodings all work. Records are streamed; the declared shape bounds the count.
/// </summary>
public sealed class NpyEventReader : RecordStreamReader
{
    private static readonly string[] TimeNames = ["t", "ts", "timestamp", "t_us", "time"];
    private static readonly string[] PolarityNames = ["p", "pol", "polarity", "on"];

    private readonly NpyField _t;
    private readonly NpyField _x;
    private readonly NpyField _y;
    private readonly NpyField _p;
    private long _recordsLeft;

    private NpyEventReader(EventByteSource source, EventStreamInfo info, NpyHeader header, NpyField t, NpyField x, NpyField y, NpyField p)
        : base(source, info, header.ItemSize)
    {
        _t = t;
        _x = x;
        _y = y;
        _p = p;
        _recordsLeft = header.ElementCount;
    }

    public static NpyEventReader Open(EventByteSource source, EventStreamInfo info)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(info);
        NpyHeader header;
        try
        {
            source.Ensure(12);
            var (textOffset, total) = NpyHeader.ReadPreamble(source.Span);
            if (!source.Ensure(total))
            {
                throw source.Error(source.Available, $".npy header of {total} bytes is truncated");
            }

            string text = System.Text.Encoding.Latin1.GetString(source.Span[textOffset..total]);
            header = NpyHeader.Parse(text);
            source.Advance(total);
        }
        catch (FormatException ex)
        {
            throw source.Error(source.Position, ex.Message);
        }
        catch (OverflowException)
        {
            throw source.Error(source.Position, ".npy shape is too large");
        }

        var t = header.FindField(TimeNames);
        var x = header.FindField("x");
        var y = header.FindField("y");
        var p = header.FindField(PolarityNames);
        if (!header.IsStructured || t is null || x is null || y is null || p is null || !t.IsNumeric || !x.IsNumeric || !y.IsNumeric || !p.IsNumeric)
        {
            throw source.Error(0, ".npy array is not a structured event array with numeric fields t, x, y, p");
        }

        info.SetMetadata("descr", string.Join(", ", header.Fields.Select(f => $"{f.Name}:{f.TypeString}")));
        info.SetMetadata("shape", header.ElementCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new NpyEventReader(source, info, header, t, x, y, p);
    }

    protected override int Decode(ReadOnlySpan<byte> records, long offset, EventPacket into, int at, int capacity, out int produced)
    {
        int size = RecordBytes;
        int count = (int)Math.Min(Math.Min(records.Length / size, capacity), _recordsLeft);
        long[] ts = into.RawTimestampUs;
        ushort[] xs = into.RawX;
        ushort[] ys = into.RawY;
        byte[] ps = into.RawPolarity;
        for (int i = 0; i < count; i++)
        {
            var r = records.Slice(i * size, size);
            ts[at + i] = Value(r, _t);
            xs[at + i] = (ushort)Value(r, _x);
            ys[at + i] = (ushort)Value(r, _y);
            ps[at + i] = Value(r, _p) > 0 ? (byte)1 : (byte)0;
        }

        _recordsLeft -= count;
        produced = count;
        return count * size;
    }

    protected override bool IsComplete => _recordsLeft == 0;

    protected override void OnEndOfStream() =>
        throw Source.Error(Source.Position, $".npy data ends with {_recordsLeft} of the declared records missing");

    /// <summary>Reads one numeric field as an integer (floats truncate toward zero).</summary>
    internal static long Value(ReadOnlySpan<byte> record, NpyField field)
    {
        var b = record.Slice(field.Offset, field.Size);
        bool big = field.ByteOrder == '>';
        return (field.Kind, field.Size) switch
        {
            ('b', _) => b[0] != 0 ? 1 : 0,
            ('i', 1) => (sbyte)b[0],
            ('u', 1) => b[0],
            ('i', 2) => big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
            ('u', 2) => big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
            ('i', 4) => big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
            ('u', 4) => big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
            ('i', 8) => big ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
            ('u', 8) => (long)(big ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b)),
            ('f', 4) => (long)(big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b)),
            ('f', 8) => (long)(big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b)),
            _ => 0,
        };
    }
}
