using SpikeSeg.Streaming.Live;

namespace SpikeSeg.Tests.Streaming.Live;

public sealed class SenderLossTrackerTests
{
    [Fact]
    public void Gaps_count_lost_datagrams_and_events()
    {
        var t = new SenderLossTracker(4);
        Observe(t, 1, seq: 0, index: 0, count: 10, DatagramVerdict.Accept, 0, 0);
        Observe(t, 1, seq: 1, index: 10, count: 10, DatagramVerdict.Accept, 0, 0);
        Observe(t, 1, seq: 4, index: 45, count: 5, DatagramVerdict.Accept, 2, 25);
        Observe(t, 1, seq: 2, index: 20, count: 10, DatagramVerdict.Late, 0, 0); // arrived after being counted lost
        Observe(t, 1, seq: 4, index: 45, count: 5, DatagramVerdict.Late, 0, 0);  // duplicate
        Assert.Equal(50ul, t.AccountedEvents(1));
    }

    [Fact]
    public void A_receiver_joining_late_counts_what_it_missed()
    {
        var t = new SenderLossTracker(4);
        Observe(t, 5, seq: 3, index: 300, count: 100, DatagramVerdict.Accept, 3, 300);
        Assert.Equal(400ul, t.AccountedEvents(5));
    }

    [Fact]
    public void Sequence_numbers_wrap()
    {
        var t = new SenderLossTracker(4);
        Observe(t, 2, seq: uint.MaxValue - 1, index: 0, count: 0, DatagramVerdict.Accept, -2L + (1L << 32), 0);
        Observe(t, 2, seq: uint.MaxValue, index: 0, count: 1, DatagramVerdict.Accept, 0, 0);
        Observe(t, 2, seq: 1, index: 3, count: 1, DatagramVerdict.Accept, 1, 2);
    }

    [Fact]
    public void Inconsistent_index_and_too_many_senders_are_refused()
    {
        var t = new SenderLossTracker(2);
        Observe(t, 1, seq: 0, index: 0, count: 10, DatagramVerdict.Accept, 0, 0);
        Observe(t, 1, seq: 1, index: 11, count: 10, DatagramVerdict.Inconsistent, 0, 0); // next datagram must start at 10
        Observe(t, 1, seq: 2, index: 5, count: 10, DatagramVerdict.Inconsistent, 0, 0);  // index went back
        Observe(t, 2, seq: 0, index: 0, count: 1, DatagramVerdict.Accept, 0, 0);
        Observe(t, 3, seq: 0, index: 0, count: 1, DatagramVerdict.TooManySenders, 0, 0);
        Observe(t, 1, seq: 1, index: 10, count: 1, DatagramVerdict.Accept, 0, 0);
    }

    private static void Observe(SenderLossTracker t, uint sender, uint seq, ulong index, int count, DatagramVerdict expected, long lostDatagrams, long lostEvents)
    {
        var verdict = t.Observe(new UdpFrameHeader(sender, seq, index, 0, count, UdpFrameFlags.None), out long ld, out long le);
        Assert.Equal(expected, verdict);
        Assert.Equal(lostDatagrams, ld);
        Assert.Equal(lostEvents, le);
    }
}
