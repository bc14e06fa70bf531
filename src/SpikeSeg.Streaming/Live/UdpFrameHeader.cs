namespace SpikeSeg.Streaming.Live;

[Flags]
public enum UdpFrameFlags : byte
{
    None = 0,

    /// <summary>The sender has sent its last datagram (this one may still carry events).</summary>
    EndOfStream = 1,
}

/// <summary>
/// The fixed header of an event datagram (docs/udp-framing.md). <see cref="FirstEventIndex"/> is the number of
/// events this sender sent before this datagram, so a receiver can count lost events, not only lost datagrams.
/// </summary>
public readonly record struct UdpFrameHeader(uint SenderId, uint Sequence, ulong FirstEventIndex, long BaseTimestampUs, int EventCount, UdpFrameFlags Flags);
