using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats.Aedat4;

namespace SpikeSeg.Streaming.Formats.Writers;

/// <summary>
/// Writes AEDAT 4.0 with one event stream (id 0, EVTS) in LZ4-frame packets (event-formats.md §6), or
/// Zstd frames when asked.
/// The IOHeader says dataTablePosition = −1: no file data table is written (readers then scan packets,
/// as for an interrupted recording).
/// </summary>
public sealed class Aedat4Writer : IEventWriter
{
    public const int EventsPerPacket = 4096;

    private const int EventBytes = 16;
    private const int FlatBufferHeaderBytes = 40;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly PacketCodec _codec;
    private readonly byte[] _packet = new byte[FlatBufferHeaderBytes + (EventsPerPacket * EventBytes)];
    private int _pending;

    public Aedat4Writer(Stream stream, SensorGeometry? geometry, bool ownsStream = true, Aedat4Compression compression = Aedat4Compression.Lz4)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _ownsStream = ownsStream;
        _codec = new PacketCodec(compression);
        _stream.Write(Encoding.ASCII.GetBytes(Aedat4Reader.Magic));
        byte[] header = BuildIoHeader(geometry ?? new SensorGeometry(32767, 32767), compression);
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(size, header.Length);
        _stream.Write(size);
        _stream.Write(header);
    }

    public void Write(EventPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var ts = packet.TimestampUs;
        var xs = packet.X;
        var ys = packet.Y;
        var ps = packet.Polarity;
        for (int i = 0; i < ts.Length; i++)
        {
            if (xs[i] > short.MaxValue || ys[i] > short.MaxValue)
            {
                throw new Core.InvalidInputException($"AEDAT 4 output: event ({xs[i]}, {ys[i]}) exceeds the int16 address range");
            }

            var e = _packet.AsSpan(FlatBufferHeaderBytes + (_pending * EventBytes), EventBytes);
            BinaryPrimitives.WriteInt64LittleEndian(e, ts[i]);
            BinaryPrimitives.WriteInt16LittleEndian(e[8..], (short)xs[i]);
            BinaryPrimitives.WriteInt16LittleEndian(e[10..], (short)ys[i]);
            e[12] = ps[i] != 0 ? (byte)1 : (byte)0;
            e[13] = e[14] = e[15] = 0;
            if (++_pending == EventsPerPacket)
            {
                FlushPacket();
            }
        }
    }

    public void Dispose()
    {
        FlushPacket();
        _stream.Flush();
        _codec.Dispose();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    /// <summary>
    /// Lays out a size-prefixed EVTS flatbuffer by hand. Offsets below are from the payload start:
    /// 0 size prefix, 4 root uoffset, 8 "EVTS", 12 vtable {6, 8, 4}, 20 table (soffset 8, uoffset to
    /// the vector), 36 vector length, 40 the 16-byte structs (8-aligned).
    /// </summary>
    private void FlushPacket()
    {
        if (_pending == 0)
        {
            return;
        }

        int total = FlatBufferHeaderBytes + (_pending * EventBytes);
        var p = _packet.AsSpan(0, FlatBufferHeaderBytes);
        p.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(p, (uint)(total - 4));
        BinaryPrimitives.WriteUInt32LittleEndian(p[4..], 16);
        "EVTS"u8.CopyTo(p[8..]);
        BinaryPrimitives.WriteUInt16LittleEndian(p[12..], 6);
        BinaryPrimitives.WriteUInt16LittleEndian(p[14..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(p[16..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(p[20..], 8);
        BinaryPrimitives.WriteUInt32LittleEndian(p[24..], 12);
        BinaryPrimitives.WriteUInt32LittleEndian(p[36..], (uint)_pending);
        byte[] compressed = _codec.Compress(_packet.AsSpan(0, total));
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(head, 0);
        BinaryPrimitives.WriteInt32LittleEndian(head[4..], compressed.Length);
        _stream.Write(head);
        _stream.Write(compressed);
        _pending = 0;
    }

    /// <summary>IOHeader flatbuffer: root uoffset, "IOHE", vtable {10, 20, 4, 12, 8}, table {soffset, compression, uoffset infoNode, dataTablePosition}, string.</summary>
    private static byte[] BuildIoHeader(SensorGeometry geometry, Aedat4Compression compression)
    {
        var c = CultureInfo.InvariantCulture;
        string xml = string.Create(c, $"<dv version=\"2.0\"><node name=\"outInfo\" path=\"/mainloop/Recorder/outInfo/\"><node name=\"0\" path=\"/mainloop/Recorder/outInfo/0/\"><attr key=\"compression\" type=\"string\">{CompressionName(compression)}</attr><attr key=\"originalModuleName\" type=\"string\">spikeseg</attr><attr key=\"originalOutputName\" type=\"string\">events</attr><attr key=\"typeDescription\" type=\"string\">Array of events (polarity ON/OFF).</attr><attr key=\"typeIdentifier\" type=\"string\">EVTS</attr><node name=\"info\" path=\"/mainloop/Recorder/outInfo/0/info/\"><attr key=\"sizeX\" type=\"int\">{geometry.Width}</attr><attr key=\"sizeY\" type=\"int\">{geometry.Height}</attr><attr key=\"source\" type=\"string\">spikeseg</attr><attr key=\"tsOffset\" type=\"long\">0</attr></node></node></node></dv>");
        byte[] text = Encoding.UTF8.GetBytes(xml);
        int stringAt = 40;
        var b = new byte[(stringAt + 4 + text.Length + 1 + 7) / 8 * 8];
        var s = b.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, 20);
        "IOHE"u8.CopyTo(s[4..]);
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], 10);
        BinaryPrimitives.WriteUInt16LittleEndian(s[10..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(s[12..], 4);
        BinaryPrimitives.WriteUInt16LittleEndian(s[14..], 12);
        BinaryPrimitives.WriteUInt16LittleEndian(s[16..], 8);
        BinaryPrimitives.WriteInt32LittleEndian(s[20..], 12);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], (int)compression);
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], (uint)(stringAt - 28));
        BinaryPrimitives.WriteInt64LittleEndian(s[32..], -1);
        BinaryPrimitives.WriteUInt32LittleEndian(s[stringAt..], (uint)text.Length);
        text.CopyTo(s[(stringAt + 4)..]);
        return b;
    }

    private static string CompressionName(Aedat4Compression compression) => compression switch
    {
        Aedat4Compression.None => "NONE",
        Aedat4Compression.Lz4 => "LZ4",
        Aedat4Compression.Lz4High => "LZ4_HIGH",
        Aedat4Compression.Zstd => "ZSTD",
        _ => "ZSTD_HIGH",
    };
}
