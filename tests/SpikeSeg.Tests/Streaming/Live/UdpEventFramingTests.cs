using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Randomness;
using SpikeSeg.Streaming.Live;

namespace SpikeSeg.Tests.Streaming.Live;

public sealed class UdpEventFramingTests
{
    private static readonly SensorGeometry Sensor = new(1280, 720);

    [Fact]
    public void Framed_packets_decode_to_the_same_events_with_numbered_datagrams()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<ulong>(), seed =>
        {
            var r = new DeterministicRandom(seed);
            var packet = RandomPacket(r, r.NextInt(0, 700));
            int perDatagram = r.NextInt(1, 200);
            var datagrams = Frame(new UdpDatagramBuilder(7, perDatagram), packet);

            var decoded = new EventPacket();
            ulong index = 0;
            for (int d = 0; d < datagrams.Count; d++)
            {
                Assert.True(UdpEventFraming.TryReadHeader(datagrams[d], out var h, out var problem), problem);
                Assert.Equal(7u, h.SenderId);
                Assert.Equal((uint)d, h.Sequence);
                Assert.Equal(index, h.FirstEventIndex);
                Assert.InRange(h.EventCount, 1, perDatagram);
                Assert.True(UdpEventFraming.TryDecodeEvents(datagrams[d], h, Sensor, decoded, out problem), problem);
                index += (ulong)h.EventCount;
            }

            Assert.Equal(packet.TimestampUs.ToArray(), decoded.TimestampUs.ToArray());
            Assert.Equal(packet.X.ToArray(), decoded.X.ToArray());
            Assert.Equal(packet.Y.ToArray(), decoded.Y.ToArray());
            Assert.Equal(packet.Polarity.ToArray(), decoded.Polarity.ToArray());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void A_new_datagram_starts_when_time_goes_back_or_jumps_past_32_bits()
    {
        var packet = new EventPacket();
        packet.Add(100, 1, 1, Polarity.On);
        packet.Add(200, 1, 1, Polarity.On);
        packet.Add(150, 1, 1, Polarity.On);                 // back in time
        packet.Add(150L + uint.MaxValue, 1, 1, Polarity.On); // Δt = 2³² − 1 still fits
        packet.Add(151L + uint.MaxValue + 1, 1, 1, Polarity.On);
        var counts = Frame(new UdpDatagramBuilder(1, 100), packet).Select(d =>
        {
            Assert.True(UdpEventFraming.TryReadHeader(d, out var h, out _));
            return h.EventCount;
        });
        Assert.Equal([2, 2, 1], counts);
    }

    [Fact]
    public void Heartbeat_and_end_of_stream_carry_no_events_but_advance_the_sequence()
    {
        var builder = new UdpDatagramBuilder(9);
        var datagrams = new List<byte[]>();
        builder.Frame(RandomPacket(new DeterministicRandom(1), 5), d => datagrams.Add(d.ToArray()));
        builder.FrameEmpty(UdpFrameFlags.None, d => datagrams.Add(d.ToArray()));
        builder.FrameEmpty(UdpFrameFlags.EndOfStream, d => datagrams.Add(d.ToArray()));
        Assert.True(UdpEventFraming.TryReadHeader(datagrams[2], out var end, out _));
        Assert.Equal(new UdpFrameHeader(9, 2, 5, 0, 0, UdpFrameFlags.EndOfStream), end);
        Assert.Equal(UdpEventFraming.HeaderBytes, datagrams[1].Length);
    }

    [Fact]
    public void Malformed_datagrams_are_refused_with_a_reason()
    {
        byte[] good = Frame(new UdpDatagramBuilder(3, 10), RandomPacket(new DeterministicRandom(2), 4))[0];
        Assert.True(UdpEventFraming.TryReadHeader(good, out _, out _));

        AssertBadHeader(good[..20], "shorter");
        AssertBadHeader(With(good, 0, (byte)'X'), "magic");
        AssertBadHeader(With(good, 4, 2), "version 2");
        AssertBadHeader(With(good, 5, 0x80), "flags");
        AssertBadHeader(good[..^1], "expected");
        AssertBadHeader([.. good, 0], "expected");

        // Header fine, events not: a coordinate outside the sensor, time going back inside the datagram.
        Assert.True(UdpEventFraming.TryReadHeader(good, out var h, out _));
        var packet = new EventPacket();
        packet.Add(1, 0, 0, Polarity.On);
        Assert.False(UdpEventFraming.TryDecodeEvents(good, h, new SensorGeometry(1, 1), packet, out var problem));
        Assert.Contains("outside", problem, StringComparison.Ordinal);
        Assert.Equal(1, packet.Count); // nothing appended

        byte[] backwards = (byte[])good.Clone();
        UdpEventFraming.WriteEvent(backwards, 0, 1000, 1, 1, 1);
        UdpEventFraming.WriteEvent(backwards, 1, 999, 1, 1, 1);
        Assert.False(UdpEventFraming.TryDecodeEvents(backwards, h, Sensor, packet, out problem));
        Assert.Contains("time goes back", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Y_above_fifteen_bits_is_refused_by_the_sender()
    {
        var packet = new EventPacket();
        packet.Add(0, 0, 40_000, Polarity.On);
        Assert.Throws<InvalidInputException>(() => new UdpDatagramBuilder(1).Frame(packet, _ => { }));
    }

    internal static List<byte[]> Frame(UdpDatagramBuilder builder, EventPacket packet)
    {
        var list = new List<byte[]>();
        builder.Frame(packet, d =>
        {
            Assert.True(d.Length <= UdpEventFraming.MaxDatagramBytes);
            list.Add(d.ToArray());
        });
        return list;
    }

    internal static EventPacket RandomPacket(DeterministicRandom r, int count)
    {
        var packet = new EventPacket();
        long t = r.NextInt(1_000_000);
        for (int i = 0; i < count; i++)
        {
            int kind = r.NextInt(50);
            t += kind == 0 ? -r.NextInt(1000) : kind == 1 ? 5_000_000_000L : r.NextInt(100);
            packet.Add(t, r.NextInt(Sensor.Width), r.NextInt(Sensor.Height), (byte)r.NextInt(2));
        }

        return packet;
    }

    private static byte[] With(byte[] source, int offset, byte value)
    {
        byte[] copy = (byte[])source.Clone();
        copy[offset] = value;
        return copy;
    }

    private static void AssertBadHeader(byte[] datagram, string expected)
    {
        Assert.False(UdpEventFraming.TryReadHeader(datagram, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
