using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Formats.Aedat4;
using SpikeSeg.Streaming.Formats.Writers;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>AEDAT 4 packets under every IOHeader compression, including Zstd (no real Zstd sample exists).</summary>
public sealed class Aedat4CodecTests
{
    [Theory]
    [InlineData(Aedat4Compression.None)]
    [InlineData(Aedat4Compression.Lz4)]
    [InlineData(Aedat4Compression.Zstd)]
    public void EveryCompressionRoundTripsAcrossSeveralPackets(Aedat4Compression compression)
    {
        var packet = new EventPacket();
        for (int i = 0; i < (Aedat4Writer.EventsPerPacket * 2) + 5; i++)
        {
            packet.Add(1_605_537_493_718_345 + i, i % 320, i % 240, (byte)((i >> 3) & 1));
        }

        var stream = new MemoryStream();
        using (var writer = new Aedat4Writer(stream, new SensorGeometry(320, 240), ownsStream: false, compression))
        {
            writer.Write(packet);
        }

        using var reader = EventReaders.Open(new MemoryStream(stream.ToArray()), "z.aedat4");
        EventReading.AssertSame(packet, EventReading.ReadAll(reader, 1000));
        Assert.Equal(compression.ToString(), reader.Info.Metadata["compression"]);
        Assert.Equal(new SensorGeometry(320, 240), reader.Info.Geometry);
        Assert.Equal(3, reader.Info.OtherRecords["packet_evts"]);
    }

    [Fact]
    public void RealLz4PacketsDecodeToTheFileDataTableCount()
    {
        using var reader = EventReaders.Open(EventReading.Real("aedat4/aedat4_dvxplorer_320x240_lz4.aedat4"));
        long events = EventReading.ReadAll(reader, 777).Count;
        Assert.Equal(111954, events);
        Assert.Equal("Lz4", reader.Info.Metadata["compression"]);
    }

    [Theory]
    [InlineData("aedat4/aedat4_davis346_lz4_events_frames_imu_triggers.aedat4", 117667)]
    [InlineData("aedat4/aedat4_dvxplorer_320x240_lz4.aedat4", 111954)]
    public void FileDataTableIsReadAndAgreesWithThePackets(string file, long ftabEventElements)
    {
        using var reader = EventReaders.Open(EventReading.Real(file));
        EventReading.ReadAll(reader);
        Assert.Equal(ftabEventElements.ToString(System.Globalization.CultureInfo.InvariantCulture), reader.Info.Metadata["ftab_event_elements"]);
    }

    [Fact]
    public void ADroppedEventPacketIsCaughtByTheFileDataTable()
    {
        byte[] bytes = File.ReadAllBytes(EventReading.Real("aedat4/aedat4_dvxplorer_320x240_lz4.aedat4"));
        int headerSize = BitConverter.ToInt32(bytes, 14);
        int first = 18 + headerSize;
        int streamId = BitConverter.ToInt32(bytes, first);
        int size = BitConverter.ToInt32(bytes, first + 4);
        Assert.Equal(0, streamId);
        // Re-label the first EVTS packet as stream 2 (IMUS): its events vanish, the table still lists them.
        BitConverter.TryWriteBytes(bytes.AsSpan(first), 2);
        var ex = Assert.Throws<EventFormatException>(() => EventReading.ReadBytes(bytes, "x.aedat4"));
        Assert.Contains("file data table lists 111954 event elements", ex.Message, StringComparison.Ordinal);
        Assert.True(size > 0);
    }

    [Fact]
    public void CorruptZstdPayloadIsAFormatErrorAtThePacket()
    {
        var stream = new MemoryStream();
        var packet = new EventPacket();
        packet.Add(1, 2, 3, Polarity.On);
        using (var writer = new Aedat4Writer(stream, null, ownsStream: false, Aedat4Compression.Zstd))
        {
            writer.Write(packet);
        }

        byte[] bytes = stream.ToArray();
        bytes[^3] ^= 0xFF;
        bytes[^8] ^= 0x5A;
        var ex = Assert.Throws<EventFormatException>(() => EventReading.ReadBytes(bytes, "z.aedat4"));
        Assert.Contains("packet of stream 0", ex.Message, StringComparison.Ordinal);
    }
}
