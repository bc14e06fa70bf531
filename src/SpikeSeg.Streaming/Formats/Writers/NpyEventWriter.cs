using System.Buffers.Binary;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Numpy;

namespace SpikeSeg.Streaming.Formats.Writers;

/// <summary>
/// Writes a structured .npy event array: fields t &lt;i8 (µs), x &lt;u2, y &lt;u2, p |u1 (13-byte records).
/// The header is written with room for any count and patched on Dispose, so the stream must be seekable.
/// </summary>
public sealed class NpyEventWriter : IEventWriter
{
    public const int RecordBytes = 13;

    private const int HeaderBytes = 128;

    private static readonly NpyField[] EventFields =
    [
        new("t", '<', 'i', 8, 0),
        new("x", '<', 'u', 2, 8),
        new("y", '<', 'u', 2, 10),
        new("p", '|', 'u', 1, 12),
    ];

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly long _start;
    private readonly byte[] _buffer = new byte[RecordBytes * 4096];
    private long _count;

    public NpyEventWriter(Stream stream, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new Core.InvalidInputException(".npy output needs a seekable file (the record count is written last)");
        }

        _stream = stream;
        _ownsStream = ownsStream;
        _start = stream.Position;
        _stream.Write(NpyHeader.Format(EventFields, true, [0], HeaderBytes));
    }

    public void Write(EventPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var ts = packet.TimestampUs;
        var xs = packet.X;
        var ys = packet.Y;
        var ps = packet.Polarity;
        int used = 0;
        for (int i = 0; i < ts.Length; i++)
        {
            if (used == _buffer.Length)
            {
                _stream.Write(_buffer, 0, used);
                used = 0;
            }

            var r = _buffer.AsSpan(used, RecordBytes);
            BinaryPrimitives.WriteInt64LittleEndian(r, ts[i]);
            BinaryPrimitives.WriteUInt16LittleEndian(r[8..], xs[i]);
            BinaryPrimitives.WriteUInt16LittleEndian(r[10..], ys[i]);
            r[12] = ps[i];
            used += RecordBytes;
        }

        _stream.Write(_buffer, 0, used);
        _count += ts.Length;
    }

    public void Dispose()
    {
        long end = _stream.Position;
        _stream.Position = _start;
        _stream.Write(NpyHeader.Format(EventFields, true, [_count], HeaderBytes));
        _stream.Position = end;
        _stream.Flush();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }
}
