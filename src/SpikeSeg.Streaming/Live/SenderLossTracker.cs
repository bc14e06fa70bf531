namespace SpikeSeg.Streaming.Live;

/// <summary>How a receiver treats one well-formed datagram, judged by its sender's sequence.</summary>
internal enum DatagramVerdict
{
    Accept,

    /// <summary>Sequence at or behind what was already accounted (duplicate or reordered after being counted lost): dropped.</summary>
    Late,

    /// <summary>Sequence and event index disagree (a buggy or spoofing sender): treated as malformed.</summary>
    Inconsistent,

    /// <summary>More distinct senders than the receiver tracks: dropped, so memory stays bounded.</summary>
    TooManySenders,
}

/// <summary>
/// Per-sender accounting of what was lost on the way. Everything a sender sent before the first datagram the
/// receiver sees is counted as lost (the header says how much that was), so for every sender
/// <c>sent == received + lost</c> as of the last datagram received from it.
/// </summary>
internal sealed class SenderLossTracker(int maxSenders)
{
    private readonly Dictionary<uint, SenderState> _senders = [];

    public DatagramVerdict Observe(in UdpFrameHeader header, out long lostDatagrams, out long lostEvents)
    {
        lostDatagrams = 0;
        lostEvents = 0;
        long gap;
        if (_senders.TryGetValue(header.SenderId, out var state))
        {
            // Serial-number arithmetic: up to 2³¹ ahead is a gap, anything behind is late.
            gap = unchecked((int)(header.Sequence - state.NextSequence));
            if (gap < 0)
            {
                return DatagramVerdict.Late;
            }
        }
        else
        {
            if (_senders.Count >= maxSenders)
            {
                return DatagramVerdict.TooManySenders;
            }

            state = new SenderState();
            gap = header.Sequence; // everything since the sender's first datagram (sequence 0) was missed
        }

        if (header.FirstEventIndex < state.NextEventIndex || (gap == 0 && header.FirstEventIndex != state.NextEventIndex))
        {
            return DatagramVerdict.Inconsistent;
        }

        lostDatagrams = gap;
        lostEvents = (long)(header.FirstEventIndex - state.NextEventIndex);
        state.NextSequence = header.Sequence + 1;
        state.NextEventIndex = header.FirstEventIndex + (ulong)header.EventCount;
        state.Ended = (header.Flags & UdpFrameFlags.EndOfStream) != 0;
        _senders[header.SenderId] = state;
        return DatagramVerdict.Accept;
    }

    /// <summary>Events of <paramref name="senderId"/> accounted for (received or lost) so far.</summary>
    public ulong AccountedEvents(uint senderId) => _senders.TryGetValue(senderId, out var s) ? s.NextEventIndex : 0;

    public bool HasEnded(uint senderId) => _senders.TryGetValue(senderId, out var s) && s.Ended;

    private struct SenderState
    {
        public uint NextSequence;
        public ulong NextEventIndex;
        public bool Ended;
    }
}
