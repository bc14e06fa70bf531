using System.Buffers.Binary;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// Prophesee DAT (event-formats.md §2): after the '%' header, one type byte and one size byte, then
/// records of that size: uint32 t µs, uint32 x (13..0) · y (27..14) · polarity (31..28). A 32-bit
/// timestamp that falls by more than half its range is taken as a wrap.
/// </summary>
public sealed class DatReader : RecordStreamReader
{
    private const byte Event2dType = 0;
    private const byte EventCdType = 12;
    private const uint HalfRange = 1u << 31;

    private readonly bool _isCd;
    private uint _lastRawTime;
    private long _wrapUs;
    private long _nonCdRecords;

    private DatReader(EventByteSource source, EventStreamInfo info, int recordBytes, bool isCd)
        : base(source, info, recordBytes)
    {
        _isCd = isCd;
    }

    /// <summary>Reads the type and size bytes that follow the header (the header must already be consumed).</summary>
    public static DatReader Open(EventByteSource source, EventStreamInfo info)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(info);
        long at = source.Position;
        if (!source.Ensure(2))
        {
            if (source.Available == 0)
            {
                return new DatReader(source, info, 8, isCd: true);
            }

            throw source.Error(at, "DAT file ends inside the event type/size bytes");
        }

        byte type = source.Span[0];
        byte size = source.Span[1];
        if (size < 8)
        {
            throw source.Error(at + 1, $"DAT event size {size} is smaller than the 8-byte CD record");
        }

        source.Advance(2);
        info.SetMetadata("event_type", type.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.SetMetadata("event_size", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new DatReader(source, info, size, type is Event2dType or EventCdType);
    }

    protected override int Decode(ReadOnlySpan<byte> records, long offset, EventPacket into, int at, int capacity, out int produced)
    {
        long[] ts = into.RawTimestampUs;
        ushort[] xs = into.RawX;
        ushort[] ys = into.RawY;
        byte[] ps = into.RawPolarity;
        int n = at;
        int end = at + capacity;
        int size = RecordBytes;
        int pos = 0;
        if (!_isCd)
        {
            _nonCdRecords += records.Length / size;
            produced = 0;
            return records.Length;
        }

        for (; pos + size <= records.Length && n < end; pos += size)
        {
            uint rawTime = BinaryPrimitives.ReadUInt32LittleEndian(records[pos..]);
            uint data = BinaryPrimitives.ReadUInt32LittleEndian(records[(pos + 4)..]);
            if (rawTime < _lastRawTime && _lastRawTime - rawTime > HalfRange)
            {
                _wrapUs += 1L << 32;
            }

            _lastRawTime = rawTime;
            ts[n] = _wrapUs + rawTime;
            xs[n] = (ushort)(data & 0x3FFF);
            ys[n] = (ushort)((data >> 14) & 0x3FFF);
            ps[n] = (data >> 28) != 0 ? (byte)1 : (byte)0;
            n++;
        }

        produced = n - at;
        return pos;
    }

    protected override void PublishCounts() => Info.SetOtherCount("non_cd_record", _nonCdRecords);
}
