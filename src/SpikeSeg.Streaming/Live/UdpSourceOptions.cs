using System.Net;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Live;

public sealed record UdpSourceOptions
{
    /// <summary>Where to listen. Loopback by default: exposing a port to the network is a deliberate choice.</summary>
    public IPEndPoint Endpoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>Events outside this sensor make their datagram malformed.</summary>
    public SensorGeometry Sensor { get; init; } = SensorGeometry.Gen4;

    /// <summary>Packets (one per datagram) the hand-off queue holds before it sheds.</summary>
    public int QueueCapacity { get; init; } = 256;

    public ShedPolicy ShedPolicy { get; init; } = ShedPolicy.DropOldest;

    /// <summary>Finish the stream when a sender marks its end (for replays piped over UDP); a camera never does.</summary>
    public bool CompleteOnEndOfStream { get; init; }

    /// <summary>Kernel receive buffer (SO_RCVBUF); the OS may cap it.</summary>
    public int ReceiveBufferBytes { get; init; } = 4 << 20;

    /// <summary>Distinct senders tracked; datagrams from further senders are counted as malformed and dropped.</summary>
    public int MaxSenders { get; init; } = 64;

    public void Validate()
    {
        Require(Endpoint is not null, "endpoint", "is missing");
        Require(Sensor.Width is > 0 and <= ushort.MaxValue + 1 && Sensor.Height is > 0 and <= UdpEventFraming.MaxY + 1, "sensor", $"{Sensor} does not fit the wire format");
        Require(QueueCapacity is > 0 and <= 1_000_000, "queue capacity", "must be in 1..1000000");
        Require(Enum.IsDefined(ShedPolicy), "shed policy", $"{ShedPolicy} is not a policy");
        Require(ReceiveBufferBytes is >= 4096 and <= 1 << 30, "receive buffer", "must be in 4 KiB..1 GiB");
        Require(MaxSenders is > 0 and <= 65_536, "max senders", "must be in 1..65536");
    }

    private static void Require(bool ok, string setting, string problem)
    {
        if (!ok)
        {
            throw new InvalidInputException($"udp source setting '{setting}': {problem}");
        }
    }
}
