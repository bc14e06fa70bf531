using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Formats.Writers;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>Every writer's output reads back to exactly the events written (and is detected by content).</summary>
public sealed class WriterRoundTripTests
{
    public static TheoryData<EventFormat, string> Writable => new()
    {
        { EventFormat.Evt3, "out.raw" },
        { EventFormat.Aedat4, "out.aedat4" },
        { EventFormat.Npy, "out.npy" },
        { EventFormat.Text, "out.txt" },
    };

    [Theory]
    [MemberData(nameof(Writable))]
    public void RandomEventsRoundTrip(EventFormat format, string name)
    {
        var events = RandomEvents();
        Prop.ForAll(events.ToArbitrary(), packet =>
        {
            byte[] bytes = Write(packet, format, new SensorGeometry(1280, 720));
            var back = EventReading.ReadBytes(bytes, "stream" + Path.GetExtension(name));
            EventReading.AssertSame(packet, back);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Theory]
    [MemberData(nameof(Writable))]
    public void RealSamplesRoundTrip(EventFormat format, string name)
    {
        foreach (string sample in new[] { "evt3/prophesee_evt3_gen41_sample.raw", "aedat4/aedat4_dvxplorer_320x240_lz4.aedat4", "dat/prophesee_dat_ncars_sample_b.dat" })
        {
            using var reader = EventReaders.Open(EventReading.Real(sample));
            var original = EventReading.ReadAll(reader);
            byte[] bytes = Write(original, format, reader.Info.Geometry);
            var back = EventReading.ReadBytes(bytes, name);
            EventReading.AssertSame(original, back);
        }
    }

    [Fact]
    public void DetectionPicksTheWrittenFormatWithoutAnExtension()
    {
        var packet = new EventPacket();
        packet.Add(5, 1, 2, Polarity.On);
        foreach (var format in EventWriters.Writable)
        {
            using var reader = EventReaders.Open(new MemoryStream(Write(packet, format, null)), "no-extension");
            Assert.Equal(format, reader.Info.Format);
        }
    }

    [Fact]
    public void Evt3WriterKeepsTimestampsBeyondTheCounterAndAcrossLongGaps()
    {
        var packet = new EventPacket();
        packet.Add(1_633_953_690_975_950, 3, 4, Polarity.On);
        packet.Add(1_633_953_690_975_950 + (5L << 24) + 17, 2047, 0, Polarity.Off);
        packet.Add(1_633_953_690_975_950 + (9L << 24), 0, 2047, Polarity.On);
        var back = EventReading.ReadBytes(Write(packet, EventFormat.Evt3, null), "a.raw");
        EventReading.AssertSame(packet, back);
    }

    [Fact]
    public void Evt3WriterRejectsTimeGoingBackwards()
    {
        var packet = new EventPacket();
        packet.Add(100, 0, 0, Polarity.On);
        packet.Add(99, 0, 0, Polarity.On);
        var writer = new Evt3Writer(new MemoryStream(), null);
        Assert.Throws<global::SpikeSeg.Core.InvalidInputException>(() => writer.Write(packet));
    }

    [Fact]
    public void NpyHeaderIsTheNumpyVersion1Layout()
    {
        var packet = new EventPacket();
        packet.Add(7, 1, 2, Polarity.On);
        byte[] bytes = Write(packet, EventFormat.Npy, null);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int headerLength = bytes[8] | (bytes[9] << 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Equal("{'descr': [('t', '<i8'), ('x', '<u2'), ('y', '<u2'), ('p', '|u1')], 'fortran_order': False, 'shape': (1,), }", header.TrimEnd(' ', '\n'));
        Assert.EndsWith("\n", header, StringComparison.Ordinal);
        Assert.Equal(10 + headerLength + 13, bytes.Length);
    }

    internal static byte[] Write(EventPacket packet, EventFormat format, SensorGeometry? geometry)
    {
        var stream = new MemoryStream();
        using (var writer = EventWriters.Create(stream, format, geometry, ownsStream: false))
        {
            writer.Write(packet);
        }

        return stream.ToArray();
    }

    internal static Gen<EventPacket> RandomEvents() =>
        from start in Gen.Choose(0, int.MaxValue)
        from scale in Gen.Elements(0L, 1L, 1000L, 1L << 20)
        from events in (from gap in Gen.Choose(0, 70)
                        from x in Gen.Choose(0, 1279)
                        from y in Gen.Choose(0, 719)
                        from isOn in Gen.Elements(true, false)
                        select (gap, x, y, isOn)).ArrayOf()
        select Build(start, scale, events);

    private static EventPacket Build(long start, long scale, (int Gap, int X, int Y, bool On)[] events)
    {
        var packet = new EventPacket(Math.Max(1, events.Length));
        long t = start * 1000;
        foreach (var e in events)
        {
            t += e.Gap * scale;
            packet.Add(t, e.X, e.Y, e.On ? Polarity.On : Polarity.Off);
        }

        return packet;
    }
}
