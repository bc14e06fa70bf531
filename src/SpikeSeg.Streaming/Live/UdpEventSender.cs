using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Live;

/// <summary>
/// Sends event packets as datagrams (docs/udp-framing.md) to a <see cref="UdpEventSource"/>. Never blocks on the
/// receiver: UDP has no backpressure, and what the network or the receiver drops shows up there as sequence gaps.
/// Each sender draws a random id, so a restarted sender starts a fresh sequence.
/// </summary>
public sealed class UdpEventSender : IDisposable
{
    private readonly Socket _socket;
    private readonly SocketAddress _target;
    private readonly UdpDatagramBuilder _builder;
    private readonly DatagramHandler _send;
    private long _sendErrors;

    public UdpEventSender(IPEndPoint target, int maxEventsPerDatagram = UdpEventFraming.EthernetEventsPerDatagram, uint? senderId = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        _socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _target = target.Serialize();
        _builder = new UdpDatagramBuilder(senderId ?? RandomSenderId(), maxEventsPerDatagram);
        _send = SendDatagram;
    }

    public uint SenderId => _builder.SenderId;

    public long DatagramsSent => _builder.DatagramsFramed;

    /// <summary>Events handed to the network, including any whose send failed (the receiver counts those as lost).</summary>
    public ulong EventsSent => _builder.EventsFramed;

    /// <summary>Datagrams the local stack refused to send (they count as sent and lost).</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public void Send(EventPacket packet) => _builder.Frame(packet, _send);

    /// <summary>Lets the receiver see losses at the tail; send one when idle and before stopping.</summary>
    public void SendHeartbeat() => _builder.FrameEmpty(UdpFrameFlags.None, _send);

    public void SendEndOfStream() => _builder.FrameEmpty(UdpFrameFlags.EndOfStream, _send);

    public void Dispose() => _socket.Dispose();

    private void SendDatagram(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, _target);
        }
        catch (SocketException)
        {
            // A full local buffer or an unreachable port: the datagram is lost like any other, and counted.
            Interlocked.Increment(ref _sendErrors);
        }
    }

    private static uint RandomSenderId()
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt32(bytes);
    }
}
