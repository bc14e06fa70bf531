using System.Buffers.Binary;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats.Aedat4;

/// <summary>
/// iniVation AEDAT 4.0 (event-formats.md §6): "#!AER-DAT4.0\r\n", int32 IOHeader size, IOHeader flatbuffer,
/// then packets (int32 stream id, int32 size, payload compressed per packet). EVTS packets are decoded
/// (16-byte structs: int64 t, int16 x, int16 y, bool on); IMU samples, triggers and frames are counted.
/// Reading stops at the file data table when the IOHeader gives its position.
/// </summary>
public sealed class Aedat4Reader : IEventReader
{
    public const string Magic = "#!AER-DAT4.0\r\n";

    private const int MaxIoHeaderBytes = 16 << 20;
    private const int EventBytes = 16;

    private readonly EventByteSource _source;
    private readonly PacketCodec _codec;
    private readonly long _dataTablePosition;
    private readonly Aedat4StreamTable _streams;
    private byte[] _events = [];
    private int _eventPosition;
    private int _eventsLeft;
    private long _eventsInPackets;
    private bool _tableChecked;

    private Aedat4Reader(EventByteSource source, EventStreamInfo info, Aedat4Compression compression, long dataTablePosition, Aedat4StreamTable streams)
    {
        _source = source;
        Info = info;
        _codec = new PacketCodec(compression);
        _dataTablePosition = dataTablePosition;
        _streams = streams;
    }

    public EventStreamInfo Info { get; }

    public static Aedat4Reader Open(EventByteSource source, EventStreamInfo info)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(info);
        if (!source.Ensure(Magic.Length) || !source.Span[..Magic.Length].SequenceEqual("#!AER-DAT4.0\r\n"u8))
        {
            throw source.Error(0, "AEDAT 4 file does not start with #!AER-DAT4.0");
        }

        source.Advance(Magic.Length);
        if (!source.Ensure(4))
        {
            throw source.Error(source.Position, "AEDAT 4 file ends before the IOHeader size");
        }

        int headerBytes = BinaryPrimitives.ReadInt32LittleEndian(source.Span);
        if (headerBytes is < 8 or > MaxIoHeaderBytes)
        {
            throw source.Error(source.Position, $"IOHeader size {headerBytes} is outside 8..{MaxIoHeaderBytes}");
        }

        source.Advance(4);
        long headerAt = source.Position;
        if (!source.Ensure(headerBytes))
        {
            throw source.Error(headerAt, $"AEDAT 4 file ends inside the {headerBytes}-byte IOHeader");
        }

        var header = source.Span[..headerBytes];
        int compression;
        long dataTablePosition;
        string? infoNode;
        try
        {
            int root = FlatBufferReader.RootTable(header);
            compression = FlatBufferReader.ReadInt32(header, root, 0, 0);
            dataTablePosition = FlatBufferReader.ReadInt64(header, root, 1, -1);
            infoNode = FlatBufferReader.ReadString(header, root, 2);
        }
        catch (InvalidDataException ex)
        {
            throw source.Error(headerAt, $"IOHeader: {ex.Message}");
        }

        if (compression is < 0 or > (int)Aedat4Compression.ZstdHigh)
        {
            throw source.Error(headerAt, $"IOHeader compression {compression} is not one of 0..4");
        }

        source.Advance(headerBytes);
        var streams = Aedat4StreamTable.Parse(infoNode);
        info.Geometry = streams.EventGeometry;
        info.SetMetadata("compression", ((Aedat4Compression)compression).ToString());
        info.SetMetadata("dataTablePosition", dataTablePosition.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (streams.EventSource is not null)
        {
            info.SetMetadata("source", streams.EventSource);
        }

        return new Aedat4Reader(source, info, (Aedat4Compression)compression, dataTablePosition, streams);
    }

    public int Read(EventPacket into, int maxEvents)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEvents);
        int total = 0;
        while (total < maxEvents)
        {
            if (_eventsLeft == 0)
            {
                // Return at a packet boundary rather than wait for bytes not yet here: a live socket
                // (Aedat4 over TCP) then hands each packet on as it arrives.
                if (total > 0 && _source.Available < 8)
                {
                    break;
                }

                if (!NextPacket())
                {
                    break;
                }

                continue;
            }

            int take = Math.Min(_eventsLeft, maxEvents - total);
            int at = into.Reserve(take);
            DecodeEvents(_events.AsSpan(_eventPosition, take * EventBytes), into, at);
            _eventPosition += take * EventBytes;
            _eventsLeft -= take;
            total += take;
        }

        return total;
    }

    public void Dispose()
    {
        _codec.Dispose();
        _source.Dispose();
    }

    /// <summary>Decodes 16-byte event structs into slots starting at <paramref name="at"/>.</summary>
    internal static void DecodeEvents(ReadOnlySpan<byte> structs, EventPacket into, int at)
    {
        long[] ts = into.RawTimestampUs;
        ushort[] xs = into.RawX;
        ushort[] ys = into.RawY;
        byte[] ps = into.RawPolarity;
        int n = at;
        for (int pos = 0; pos + EventBytes <= structs.Length; pos += EventBytes, n++)
        {
            var e = structs.Slice(pos, EventBytes);
            ts[n] = BinaryPrimitives.ReadInt64LittleEndian(e);
            xs[n] = BinaryPrimitives.ReadUInt16LittleEndian(e[8..]);
            ys[n] = BinaryPrimitives.ReadUInt16LittleEndian(e[10..]);
            ps[n] = e[12] != 0 ? (byte)1 : (byte)0;
        }
    }

    /// <summary>Reads and classifies one packet; false at the end of the packet section.</summary>
    private bool NextPacket()
    {
        long at = _source.Position;
        if (_tableChecked)
        {
            return false;
        }

        if (_dataTablePosition >= 0 && at >= _dataTablePosition)
        {
            if (at > _dataTablePosition)
            {
                throw _source.Error(_dataTablePosition, $"the last packet runs past the file data table position {_dataTablePosition}");
            }

            _tableChecked = true;
            CheckDataTable(at);
            return false;
        }

        if (!_source.Ensure(8))
        {
            if (_source.Available > 0)
            {
                throw _source.Error(at, "AEDAT 4 stream ends inside a packet header");
            }

            return false;
        }

        int streamId = BinaryPrimitives.ReadInt32LittleEndian(_source.Span);
        int size = BinaryPrimitives.ReadInt32LittleEndian(_source.Span[4..]);
        if (size is < 0 or > PacketCodec.MaxPacketBytes - 8)
        {
            throw _source.Error(at + 4, $"packet size {size} is out of range");
        }

        if (!_source.Ensure(8 + size))
        {
            throw _source.Error(at, $"AEDAT 4 packet of {size} bytes is truncated at byte {_source.Position + _source.Available}");
        }

        ReadOnlySpan<byte> payload;
        try
        {
            payload = _codec.Decompress(_source.Span.Slice(8, size));
            Classify(streamId, payload);
        }
        catch (InvalidDataException ex)
        {
            throw _source.Error(at + 8, $"packet of stream {streamId}: {ex.Message}");
        }

        _source.Advance(8 + size);
        return true;
    }

    /// <summary>
    /// Reads the FTAB file data table (a compressed size-prefixed flatbuffer up to the end of the file) and
    /// checks that its EVTS element counts add up to the events the packets held.
    /// </summary>
    private void CheckDataTable(long at)
    {
        while (_source.Ensure(_source.Available + 1))
        {
        }

        long eventElements = 0;
        try
        {
            var table = _codec.Decompress(_source.Span);
            if (table.Length < 12 || BinaryPrimitives.ReadUInt32LittleEndian(table) > table.Length - 4)
            {
                throw new InvalidDataException("data table is too short for a size-prefixed flatbuffer");
            }

            var buffer = table[4..];
            int root = FlatBufferReader.RootTable(buffer);
            var (start, count) = FlatBufferReader.Vector(buffer, root, 0, 4);
            for (int i = 0; i < count; i++)
            {
                int entryOffset = start + (4 * i);
                int entry = entryOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer[entryOffset..]);
                int packetInfo = FlatBufferReader.Field(buffer, entry, 1);
                if (packetInfo < 0 || packetInfo + 4 > buffer.Length)
                {
                    throw new InvalidDataException($"data table entry {i} has no packet info");
                }

                int streamId = BinaryPrimitives.ReadInt32LittleEndian(buffer[packetInfo..]);
                if (_streams.TypeById.TryGetValue(streamId, out string? type) && type == "EVTS")
                {
                    eventElements += FlatBufferReader.ReadInt64(buffer, entry, 2, 0);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw _source.Error(at, $"file data table: {ex.Message}");
        }

        _source.Advance(_source.Available);
        Info.SetMetadata("ftab_event_elements", eventElements.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_streams.TypeById.Count > 0 && eventElements != _eventsInPackets)
        {
            throw _source.Error(at, $"file data table lists {eventElements} event elements but the packets held {_eventsInPackets}");
        }
    }

    private void Classify(int streamId, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 12)
        {
            throw new InvalidDataException($"decompressed packet of {payload.Length} bytes is too short for a flatbuffer");
        }

        uint sizePrefix = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        if (sizePrefix > payload.Length - 4)
        {
            throw new InvalidDataException($"flatbuffer size prefix {sizePrefix} exceeds the {payload.Length - 4} bytes present");
        }

        var buffer = payload.Slice(4, (int)sizePrefix);
        string identifier = System.Text.Encoding.ASCII.GetString(buffer.Slice(4, 4));
        string type = _streams.TypeById.TryGetValue(streamId, out string? declared) ? declared : identifier;
        Info.AddOther($"packet_{type.ToLowerInvariant()}", 1);
        int root = FlatBufferReader.RootTable(buffer);
        switch (type)
        {
            case "EVTS":
            {
                var (start, count) = FlatBufferReader.Vector(buffer, root, 0, EventBytes);
                if (_events.Length < count * EventBytes)
                {
                    _events = new byte[Math.Max(count * EventBytes, _events.Length * 2)];
                }

                buffer.Slice(start, count * EventBytes).CopyTo(_events);
                _eventPosition = 0;
                _eventsLeft = count;
                _eventsInPackets += count;
                break;
            }

            case "IMUS":
                Info.AddOther("imu_sample", FlatBufferReader.Vector(buffer, root, 0, 4).Count);
                break;
            case "TRIG":
                Info.AddOther("trigger", FlatBufferReader.Vector(buffer, root, 0, 4).Count);
                break;
            case "FRME":
                Info.AddOther("frame", 1);
                break;
            default:
                break;
        }
    }
}
