using System.Buffers.Binary;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// iniVation AEDAT 3.1 (event-formats.md §5): '#' header up to <c>#!END-HEADER</c>, then packets of a
/// 28-byte little-endian header and eventNumber × eventSize bytes. Polarity packets (type 1) hold
/// (uint32 data, int32 t): valid bit 0, polarity bit 1, y 16..2, x 31..17; t = tsOverflow·2^31 + t.
/// Other packet types are skipped and counted. Untested on real data (no sample exists here).
/// </summary>
public sealed class Aedat31Reader : IEventReader
{
    private const int PacketHeaderBytes = 28;
    private const int PolarityType = 1;
    private const int MaxEventBytes = 1 << 20;

    private readonly EventByteSource _source;
    private long _remainingInPacket;
    private int _eventBytes;
    private int _timestampOffset;
    private long _overflowUs;
    private long _invalidEvents;

    private Aedat31Reader(EventByteSource source, EventStreamInfo info)
    {
        _source = source;
        Info = info;
    }

    public EventStreamInfo Info { get; }

    public static Aedat31Reader Open(EventByteSource source, EventStreamInfo info)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(info);
        string? first = source.ReadLine(1 << 16);
        if (first is null || !first.StartsWith("#!AER-DAT3", StringComparison.Ordinal))
        {
            throw source.Error(0, "AEDAT 3.x file does not start with #!AER-DAT3.1");
        }

        info.SetMetadata("version", first[2..].Trim());
        while (source.Ensure(1) && source.Span[0] == (byte)'#')
        {
            string line = source.ReadLine(1 << 20)!;
            if (line.StartsWith("#!END-HEADER", StringComparison.Ordinal))
            {
                break;
            }

            if (line.StartsWith("#Source", StringComparison.Ordinal) || line.StartsWith("#Format", StringComparison.Ordinal))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    info.SetMetadata(line[1..colon].Trim(), line[(colon + 1)..].Trim());
                }
            }
        }

        return new Aedat31Reader(source, info);
    }

    public int Read(EventPacket into, int maxEvents)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEvents);
        int total = 0;
        while (total < maxEvents)
        {
            if (_remainingInPacket == 0)
            {
                if (!NextPolarityPacket())
                {
                    break;
                }

                continue;
            }

            if (!_source.Ensure(_eventBytes))
            {
                throw _source.Error(_source.Position, "AEDAT 3.1 packet truncated inside an event");
            }

            var data = _source.Span;
            int records = (int)Math.Min(_remainingInPacket, data.Length / _eventBytes);
            int pos = 0;
            for (int r = 0; r < records && total < maxEvents; r++, pos += _eventBytes)
            {
                _remainingInPacket--;
                uint word = BinaryPrimitives.ReadUInt32LittleEndian(data[pos..]);
                if ((word & 1) == 0)
                {
                    _invalidEvents++;
                    continue;
                }

                long t = _overflowUs + BinaryPrimitives.ReadInt32LittleEndian(data[(pos + _timestampOffset)..]);
                into.Add(t, (int)(word >> 17), (int)((word >> 2) & 0x7FFF), (byte)((word >> 1) & 1));
                total++;
            }

            _source.Advance(pos);
        }

        Info.SetOtherCount("invalid_event", _invalidEvents);
        return total;
    }

    public void Dispose() => _source.Dispose();

    /// <summary>Skips non-polarity packets until one with events starts; false at a clean end of stream.</summary>
    private bool NextPolarityPacket()
    {
        long at = _source.Position;
        if (!_source.Ensure(PacketHeaderBytes))
        {
            if (_source.Available > 0)
            {
                throw _source.Error(at, "AEDAT 3.1 stream ends inside a packet header");
            }

            return false;
        }

        var h = _source.Span;
        int type = BinaryPrimitives.ReadInt16LittleEndian(h);
        int eventBytes = BinaryPrimitives.ReadInt32LittleEndian(h[4..]);
        int tsOffset = BinaryPrimitives.ReadInt32LittleEndian(h[8..]);
        int tsOverflow = BinaryPrimitives.ReadInt32LittleEndian(h[12..]);
        int number = BinaryPrimitives.ReadInt32LittleEndian(h[20..]);
        if (eventBytes is <= 0 or > MaxEventBytes || number < 0)
        {
            throw _source.Error(at, $"AEDAT 3.1 packet header declares event size {eventBytes} and count {number}");
        }

        if (tsOffset < 0 || tsOffset > eventBytes - 4 || tsOverflow < 0)
        {
            throw _source.Error(at + 8, $"AEDAT 3.1 packet header declares timestamp offset {tsOffset} / overflow {tsOverflow}");
        }

        _source.Advance(PacketHeaderBytes);
        if (type != PolarityType || eventBytes < 8)
        {
            Info.AddOther($"packet_type_{type}", number);
            if (!_source.Skip((long)number * eventBytes))
            {
                throw _source.Error(_source.Position, "AEDAT 3.1 packet payload truncated");
            }

            return true;
        }

        _remainingInPacket = number;
        _eventBytes = eventBytes;
        _timestampOffset = tsOffset;
        _overflowUs = (long)tsOverflow << 31;
        return true;
    }
}
