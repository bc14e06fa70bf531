using System.Buffers.Binary;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Live;

/// <summary>
/// Byte layout of one event datagram (docs/udp-framing.md), little-endian:
/// <code>
///  0  4  magic "SSEV"
///  4  1  version (1)
///  5  1  flags (bit 0: end of stream; other bits must be 0)
///  6  2  event count N
///  8  4  sender id
/// 12  4  sequence number (per sender, +1 per datagram, wraps)
/// 16  8  first event index (events this sender sent before this datagram)
/// 24  8  base timestamp, µs
/// 32  8·N events: u32 Δt µs from the base (non-decreasing), u16 x, u16 y | polarity &lt;&lt; 15
/// </code>
/// </summary>
public static class UdpEventFraming
{
    public const int HeaderBytes = 32;
    public const int EventBytes = 8;
    public const byte Version = 1;

    /// <summary>Largest UDP payload over IPv4.</summary>
    public const int MaxDatagramBytes = 65_507;

    public const int MaxEventsPerDatagram = (MaxDatagramBytes - HeaderBytes) / EventBytes;

    /// <summary>Events that fit one unfragmented datagram on a 1500-byte Ethernet MTU (1472-byte UDP payload).</summary>
    public const int EthernetEventsPerDatagram = (1472 - HeaderBytes) / EventBytes;

    /// <summary>y is 15 bits on the wire; the top bit carries polarity.</summary>
    public const int MaxY = 0x7FFF;

    private static ReadOnlySpan<byte> Magic => "SSEV"u8;

    public static int DatagramBytes(int eventCount) => HeaderBytes + (eventCount * EventBytes);

    public static void WriteHeader(Span<byte> datagram, in UdpFrameHeader header)
    {
        Magic.CopyTo(datagram);
        datagram[4] = Version;
        datagram[5] = (byte)header.Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(datagram[6..], (ushort)header.EventCount);
        BinaryPrimitives.WriteUInt32LittleEndian(datagram[8..], header.SenderId);
        BinaryPrimitives.WriteUInt32LittleEndian(datagram[12..], header.Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(datagram[16..], header.FirstEventIndex);
        BinaryPrimitives.WriteInt64LittleEndian(datagram[24..], header.BaseTimestampUs);
    }

    public static void WriteEvent(Span<byte> datagram, int index, uint deltaUs, int x, int y, byte polarity)
    {
        var e = datagram.Slice(HeaderBytes + (index * EventBytes), EventBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(e, deltaUs);
        BinaryPrimitives.WriteUInt16LittleEndian(e[4..], (ushort)x);
        BinaryPrimitives.WriteUInt16LittleEndian(e[6..], (ushort)(y | ((polarity & 1) << 15)));
    }

    /// <summary>Checks the header and the length; <paramref name="problem"/> says what is wrong otherwise.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> datagram, out UdpFrameHeader header, out string? problem)
    {
        header = default;
        if (datagram.Length < HeaderBytes)
        {
            problem = $"{datagram.Length} bytes, shorter than the {HeaderBytes}-byte header";
            return false;
        }

        if (!datagram[..4].SequenceEqual(Magic))
        {
            problem = "bad magic (expected \"SSEV\")";
            return false;
        }

        if (datagram[4] != Version)
        {
            problem = $"version {datagram[4]}, expected {Version}";
            return false;
        }

        var flags = (UdpFrameFlags)datagram[5];
        if ((flags & ~UdpFrameFlags.EndOfStream) != 0)
        {
            problem = $"unknown flags 0x{datagram[5]:X2}";
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(datagram[6..]);
        if (datagram.Length != DatagramBytes(count))
        {
            problem = $"{datagram.Length} bytes for {count} events, expected {DatagramBytes(count)}";
            return false;
        }

        header = new UdpFrameHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(datagram[12..]),
            BinaryPrimitives.ReadUInt64LittleEndian(datagram[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(datagram[24..]),
            count,
            flags);
        problem = null;
        return true;
    }

    /// <summary>
    /// Appends the datagram's events to <paramref name="packet"/>. Refuses (and appends nothing) when Δt decreases
    /// or a coordinate lies outside <paramref name="sensor"/>.
    /// </summary>
    public static bool TryDecodeEvents(ReadOnlySpan<byte> datagram, in UdpFrameHeader header, SensorGeometry sensor, EventPacket packet, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(packet);
        int before = packet.Count;
        int start = packet.Reserve(header.EventCount);
        long[] t = packet.RawTimestampUs;
        ushort[] xs = packet.RawX;
        ushort[] ys = packet.RawY;
        byte[] ps = packet.RawPolarity;
        uint previousDelta = 0;
        for (int i = 0; i < header.EventCount; i++)
        {
            var e = datagram.Slice(HeaderBytes + (i * EventBytes), EventBytes);
            uint delta = BinaryPrimitives.ReadUInt32LittleEndian(e);
            ushort x = BinaryPrimitives.ReadUInt16LittleEndian(e[4..]);
            ushort yp = BinaryPrimitives.ReadUInt16LittleEndian(e[6..]);
            int y = yp & MaxY;
            if (delta < previousDelta)
            {
                packet.Truncate(before);
                problem = $"event {i}: time goes back ({delta} µs after {previousDelta} µs)";
                return false;
            }

            if (!sensor.Contains(x, y))
            {
                packet.Truncate(before);
                problem = $"event {i}: ({x}, {y}) outside the {sensor} sensor";
                return false;
            }

            previousDelta = delta;
            t[start + i] = header.BaseTimestampUs + delta;
            xs[start + i] = x;
            ys[start + i] = (ushort)y;
            ps[start + i] = (byte)(yp >> 15);
        }

        problem = null;
        return true;
    }
}
