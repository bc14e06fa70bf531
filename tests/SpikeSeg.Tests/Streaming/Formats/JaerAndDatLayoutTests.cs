using System.Buffers.Binary;
using System.Text;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>AEDAT 2.0 address layouts and DAT record types on hand-built files.</summary>
public sealed class JaerAndDatLayoutTests
{
    [Fact]
    public void Dvs128AddressesUseBit0AsOffAndSkipExternalEvents()
    {
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("#!AER-DAT2.0\r\n# AEChip: ch.unizh.ini.jaer.chip.retina.DVS128\r\n#End Of ASCII Header\r\n"));
        foreach (var (address, t) in new[] { ((5 << 8) | (9 << 1) | 1, 10), ((127 << 8) | (0 << 1) | 0, 11), (0x8000, 12) })
        {
            var r = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(r, address);
            BinaryPrimitives.WriteInt32BigEndian(r.AsSpan(4), t);
            bytes.AddRange(r);
        }

        using var reader = EventReaders.Open(new MemoryStream([.. bytes]), "d.aedat");
        var e = EventReading.ReadAll(reader);
        Assert.Equal(new ushort[] { 9, 0 }, e.X.ToArray());
        Assert.Equal(new ushort[] { 5, 127 }, e.Y.ToArray());
        Assert.Equal(new byte[] { 0, 1 }, e.Polarity.ToArray());
        Assert.Equal(new long[] { 10, 11 }, e.TimestampUs.ToArray());
        Assert.Equal(new SensorGeometry(128, 128), reader.Info.Geometry);
        Assert.Equal(1, reader.Info.OtherRecords["external_event"]);
    }

    [Fact]
    public void HeaderEndMarkerStopsTheHeaderEvenIfTheFirstRecordStartsWithHash()
    {
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("#!AER-DAT2.0\r\n# AEChip: eu.seebetter.ini.chips.davis.DAVIS240C\r\n#End Of ASCII Header\r\n"));
        uint address = (0x23u << 24) & 0x7FFF_FFFF; // first byte '#', bit 31 clear: a DVS event with y = 0x8C
        var r = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(r, address | (1u << 11));
        BinaryPrimitives.WriteInt32BigEndian(r.AsSpan(4), 42);
        bytes.AddRange(r);
        var e = EventReading.ReadBytes([.. bytes], "h.aedat");
        Assert.Equal(1, e.Count);
        Assert.Equal((ushort)(address >> 22), e.Y[0]);
        Assert.Equal(1, e.Polarity[0]);
    }

    [Fact]
    public void DatTriggerFilesAreCountedNotDecodedAndTimestampsWrap()
    {
        var header = Encoding.ASCII.GetBytes("% Data file containing EventExtTrigger events.\n% Version 2\n");
        byte[] trigger = [.. header, 14, 8, .. new byte[16]];
        using (var reader = EventReaders.Open(new MemoryStream(trigger), "t.dat"))
        {
            Assert.Equal(0, EventReading.ReadAll(reader).Count);
            Assert.Equal(2, reader.Info.OtherRecords["non_cd_record"]);
        }

        var cd = new List<byte>(header) { 12, 8 };
        foreach (uint t in new[] { 0xFFFF_FFF0u, 5u })
        {
            var r = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(r, t);
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(4), (1u << 28) | (3u << 14) | 2u);
            cd.AddRange(r);
        }

        var e = EventReading.ReadBytes([.. cd], "c.dat");
        Assert.Equal(new long[] { 0xFFFF_FFF0L, (1L << 32) + 5 }, e.TimestampUs.ToArray());
        Assert.Equal(new ushort[] { 2, 2 }, e.X.ToArray());
        Assert.Equal(new ushort[] { 3, 3 }, e.Y.ToArray());
    }
}
