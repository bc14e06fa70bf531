using SpikeSeg.Core;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Live;

/// <summary>Receives one finished datagram; the span is only valid during the call.</summary>
public delegate void DatagramHandler(ReadOnlySpan<byte> datagram);

/// <summary>
/// Cuts packets into event datagrams for one sender: numbers them, keeps the running event index, starts a new
/// datagram when one is full or when time goes back or jumps beyond the 32-bit Δt. Pure (no socket), so the
/// sender and the tests share it. Reuses one buffer: nothing is allocated per datagram.
/// </summary>
public sealed class UdpDatagramBuilder
{
    private readonly byte[] _buffer;

    public UdpDatagramBuilder(uint senderId, int maxEventsPerDatagram = UdpEventFraming.EthernetEventsPerDatagram)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEventsPerDatagram);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxEventsPerDatagram, UdpEventFraming.MaxEventsPerDatagram);
        SenderId = senderId;
        MaxEventsPerDatagram = maxEventsPerDatagram;
        _buffer = new byte[UdpEventFraming.DatagramBytes(maxEventsPerDatagram)];
    }

    public uint SenderId { get; }

    public int MaxEventsPerDatagram { get; }

    /// <summary>Sequence number of the next datagram (= datagrams framed so far, modulo 2³²).</summary>
    public uint NextSequence { get; private set; }

    public long DatagramsFramed { get; private set; }

    public ulong EventsFramed { get; private set; }

    /// <summary>Frames every event of <paramref name="packet"/>; y above 32767 is refused (the wire has 15 bits).</summary>
    public void Frame(EventPacket packet, DatagramHandler emit)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(emit);
        var t = packet.TimestampUs;
        var x = packet.X;
        var y = packet.Y;
        var p = packet.Polarity;
        int i = 0;
        while (i < t.Length)
        {
            long baseUs = t[i];
            long previous = baseUs;
            int count = 0;
            while (i + count < t.Length && count < MaxEventsPerDatagram)
            {
                int k = i + count;
                long ti = t[k];
                if (ti < previous || ti - baseUs > uint.MaxValue)
                {
                    break;
                }

                if (y[k] > UdpEventFraming.MaxY)
                {
                    throw new InvalidInputException($"udp sender: event {k} has y = {y[k]}, above the wire format's {UdpEventFraming.MaxY}");
                }

                UdpEventFraming.WriteEvent(_buffer, count, (uint)(ti - baseUs), x[k], y[k], p[k]);
                previous = ti;
                count++;
            }

            Emit(baseUs, count, UdpFrameFlags.None, emit);
            i += count;
        }
    }

    /// <summary>A datagram with no events: a heartbeat that reveals losses at the tail, or the end-of-stream mark.</summary>
    public void FrameEmpty(UdpFrameFlags flags, DatagramHandler emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        Emit(0, 0, flags, emit);
    }

    private void Emit(long baseUs, int count, UdpFrameFlags flags, DatagramHandler emit)
    {
        var header = new UdpFrameHeader(SenderId, NextSequence, EventsFramed, baseUs, count, flags);
        UdpEventFraming.WriteHeader(_buffer, header);
        NextSequence = unchecked(NextSequence + 1);
        DatagramsFramed++;
        EventsFramed += (ulong)count;
        emit(_buffer.AsSpan(0, UdpEventFraming.DatagramBytes(count)));
    }
}
