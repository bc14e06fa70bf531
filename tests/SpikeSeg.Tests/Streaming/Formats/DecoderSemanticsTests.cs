using System.Buffers.Binary;
using System.Text;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>Format rules from event-formats.md, on hand-built byte sequences.</summary>
public sealed class DecoderSemanticsTests
{
    [Fact]
    public void Evt3VectorsEmitLsbFirstFromTheBaseAndAdvanceIt()
    {
        byte[] bytes = Evt3("% evt 3.0\n", 0x8000 | 1, 0x6000 | 5, 0x0000 | 7, 0x3000 | 0x800 | 100, 0x4000 | 0b1000_0000_0101, 0x5000 | 0b1000_0001);
        var e = EventReading.ReadBytes(bytes, "v.raw");
        Assert.Equal(new ushort[] { 100, 102, 111, 112, 119 }, e.X.ToArray());
        Assert.All(e.Y.ToArray(), y => Assert.Equal(7, y));
        Assert.All(e.Polarity.ToArray(), p => Assert.Equal(1, p));
        Assert.All(e.TimestampUs.ToArray(), t => Assert.Equal((1 << 12) | 5, t));
    }

    [Fact]
    public void Evt3NeverCarriesFromTimeLowButWrapsOnTimeHigh()
    {
        byte[] bytes = Evt3(
            "% evt 3.0\n",
            0x8000 | 4095, 0x6000 | 811, 0x2000 | 1,
            0x6000 | 800, 0x2000 | 2,
            0x8000 | 0, 0x6000 | 3, 0x2000 | 3);
        var e = EventReading.ReadBytes(bytes, "w.raw");
        Assert.Equal(new long[] { (4095L << 12) | 811, (4095L << 12) | 800, (1L << 24) | 3 }, e.TimestampUs.ToArray());
    }

    [Fact]
    public void Evt3ChunkSizeDoesNotChangeTheEvents()
    {
        using var bulk = EventReaders.Open(EventReading.Real("evt3/prophesee_evt3_gen41_sample.raw"));
        var expected = EventReading.ReadAll(bulk, 1 << 20);
        foreach (int chunk in new[] { 1, 5, 11, 12, 13, 4096 })
        {
            using var reader = EventReaders.Open(EventReading.Real("evt3/prophesee_evt3_gen41_sample.raw"));
            EventReading.AssertSame(expected, EventReading.ReadAll(reader, chunk));
        }
    }

    [Fact]
    public void Evt2CountsEventsBeforeTheFirstTimeHighAndWrapsThe34BitCounter()
    {
        uint Cd(int pol, int lsb, int x, int y) => ((uint)pol << 28) | ((uint)lsb << 22) | ((uint)x << 11) | (uint)y;
        var words = new uint[] { Cd(1, 1, 2, 3), 0x8000_0000 | 0x0FFF_FFFF, Cd(1, 63, 5, 6), 0x8000_0000 | 2, Cd(0, 1, 7, 8) };
        var bytes = Encoding.ASCII.GetBytes("% evt 2.0\n").Concat(words.SelectMany(w => BitConverter.GetBytes(w))).ToArray();
        using var reader = EventReaders.Open(new MemoryStream(bytes), "e.raw");
        var e = EventReading.ReadAll(reader);
        Assert.Equal(new long[] { (0x0FFF_FFFFL << 6) | 63, (1L << 34) | (2 << 6) | 1 }, e.TimestampUs.ToArray());
        Assert.Equal(new byte[] { 1, 0 }, e.Polarity.ToArray());
        Assert.Equal(1, reader.Info.OtherRecords["cd_before_time_high"]);
        Assert.Equal(2, reader.Info.OtherRecords["evt_time_high"]);
    }

    [Fact]
    public void NmnistOverflowMarkersAreDroppedAndShiftLaterTimestamps()
    {
        byte[] bytes = [1, 2, 0x80, 0x00, 0x05, 0, 240, 0, 0, 0, 3, 4, 0x00, 0x01, 0x00];
        using var reader = EventReaders.Open(new MemoryStream(bytes), "n.bin");
        var e = EventReading.ReadAll(reader);
        Assert.Equal(new long[] { 5, (1 << 13) + 256 }, e.TimestampUs.ToArray());
        Assert.Equal(new byte[] { 1, 0 }, e.Polarity.ToArray());
        Assert.Equal(1, reader.Info.OtherRecords["overflow_marker"]);
    }

    [Fact]
    public void NpyFieldsAreMappedByNameInTonicOrderWithBoolPolarityAndBigEndian()
    {
        string header = "{'descr': [('x', '>i2'), ('y', '<i2'), ('t', '<i8'), ('p', '?')], 'fortran_order': False, 'shape': (2,), }";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0 };
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        foreach (var (x, y, t, p) in new[] { (300, 20, 1000L, true), (5, 6, 2000L, false) })
        {
            var r = new byte[13];
            BinaryPrimitives.WriteInt16BigEndian(r, (short)x);
            BinaryPrimitives.WriteInt16LittleEndian(r.AsSpan(2), (short)y);
            BinaryPrimitives.WriteInt64LittleEndian(r.AsSpan(4), t);
            r[12] = p ? (byte)1 : (byte)0;
            bytes.AddRange(r);
        }

        var e = EventReading.ReadBytes([.. bytes], "tonic.npy");
        Assert.Equal(new ushort[] { 300, 5 }, e.X.ToArray());
        Assert.Equal(new ushort[] { 20, 6 }, e.Y.ToArray());
        Assert.Equal(new long[] { 1000, 2000 }, e.TimestampUs.ToArray());
        Assert.Equal(new byte[] { 1, 0 }, e.Polarity.ToArray());
    }

    [Fact]
    public void TextReaderHandlesSecondsCsvHeadersAndSignedPolarity()
    {
        var rpg = EventReading.ReadBytes(Encoding.ASCII.GetBytes("0.000000000 33 39 1\n0.000011001 158 145 0\n"), "events.txt");
        Assert.Equal(new long[] { 0, 11 }, rpg.TimestampUs.ToArray());
        Assert.Equal(new byte[] { 1, 0 }, rpg.Polarity.ToArray());
        var csv = EventReading.ReadBytes(Encoding.ASCII.GetBytes("x,y,polarity,timestamp\r\n4,5,-1,100\r\n6,7,1,200\r\n"), "e.csv");
        Assert.Equal(new long[] { 100, 200 }, csv.TimestampUs.ToArray());
        Assert.Equal(new ushort[] { 4, 6 }, csv.X.ToArray());
        Assert.Equal(new byte[] { 0, 1 }, csv.Polarity.ToArray());
    }

    [Fact]
    public void TextLinesOfSeparatorsOnlyAreBlankLines()
    {
        // Found by HostileInputTests: a first line of commas used to index an empty token list.
        var text = EventReading.ReadBytes(Encoding.ASCII.GetBytes(",,,\n1 2 3 1\n , \t,\n4 5 6 0\n"), "e.csv");
        Assert.Equal(new long[] { 1, 4 }, text.TimestampUs.ToArray());
        Assert.Equal(new ushort[] { 2, 5 }, text.X.ToArray());
        Assert.Equal(new byte[] { 1, 0 }, text.Polarity.ToArray());
    }

    [Fact]
    public void Aedat31PolarityPacketsDecodeAndOtherPacketsAreSkipped()
    {
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("#!AER-DAT3.1\r\n#Format: RAW\r\n#Source 1: DVS128\r\n#!END-HEADER\r\n"));
        bytes.AddRange(PacketHeader(type: 5, size: 12, tsOffset: 4, overflow: 0, number: 1));
        bytes.AddRange(new byte[12]);
        bytes.AddRange(PacketHeader(type: 1, size: 8, tsOffset: 4, overflow: 1, number: 3));
        bytes.AddRange(Polarity(x: 10, y: 20, on: true, valid: true, t: 7));
        bytes.AddRange(Polarity(x: 11, y: 21, on: false, valid: false, t: 8));
        bytes.AddRange(Polarity(x: 127, y: 0, on: false, valid: true, t: 9));
        using var reader = EventReaders.Open(new MemoryStream([.. bytes]), "g.aedat");
        var e = EventReading.ReadAll(reader);
        Assert.Equal(EventFormat.Aedat31, reader.Info.Format);
        Assert.Equal(new ushort[] { 10, 127 }, e.X.ToArray());
        Assert.Equal(new ushort[] { 20, 0 }, e.Y.ToArray());
        Assert.Equal(new byte[] { 1, 0 }, e.Polarity.ToArray());
        Assert.Equal(new long[] { (1L << 31) + 7, (1L << 31) + 9 }, e.TimestampUs.ToArray());
        Assert.Equal(1, reader.Info.OtherRecords["invalid_event"]);
        Assert.Equal(1, reader.Info.OtherRecords["packet_type_5"]);
    }

    [Fact]
    public void MatEbssaTdStructGivesZeroBasedEvents()
    {
        byte[] mat = MatV5TestFile.TdStruct(x: [1, 240, 17], y: [1, 180, 5], p: [1, 0, 1], ts: [10, 20, 30]);
        using var reader = EventReaders.Open(new MemoryStream(mat), "ebssa.mat");
        var e = EventReading.ReadAll(reader);
        Assert.Equal(new ushort[] { 0, 239, 16 }, e.X.ToArray());
        Assert.Equal(new ushort[] { 0, 179, 4 }, e.Y.ToArray());
        Assert.Equal(new byte[] { 1, 0, 1 }, e.Polarity.ToArray());
        Assert.Equal(new long[] { 10, 20, 30 }, e.TimestampUs.ToArray());
        Assert.Equal("ebssa_td", reader.Info.Metadata["layout"]);
    }

    [Theory]
    [InlineData("% evt 3.0\n", "x.bin", EventFormat.Evt3)]
    [InlineData("% evt 2.0\n", "x.raw", EventFormat.Evt2)]
    [InlineData("% Data file containing N9Chronocam7Event2dE events.\n", "x.raw", EventFormat.PropheseeDat)]
    [InlineData("#!AER-DAT2.0\r\n", "x.aedat4", EventFormat.Aedat2)]
    [InlineData("#!AER-DAT4.0\r\n", "x.aedat", EventFormat.Aedat4)]
    [InlineData("MATLAB 5.0 MAT-file", "x.npy", EventFormat.Mat)]
    [InlineData("1 2 3 1\n", "x.dat", EventFormat.Text)]
    [InlineData("1 2 3 1\n", "x.bin", EventFormat.NmnistBin)]
    public void DetectionTrustsContentAndUsesTheExtensionOnlyAsATieBreaker(string prefix, string name, EventFormat expected) =>
        Assert.Equal(expected, EventFormatDetector.Detect(Encoding.ASCII.GetBytes(prefix), Path.GetExtension(name)));

    [Fact]
    public void UndetectableBinaryIsAFormatErrorAtOffsetZero()
    {
        var ex = Assert.Throws<EventFormatException>(() => EventReaders.Open(new MemoryStream([0, 1, 2, 0xFF]), "mystery"));
        Assert.Equal(0, ex.ByteOffset);
        Assert.Equal("mystery", ex.SourceName);
    }

    private static byte[] Evt3(string header, params int[] words) =>
        Encoding.ASCII.GetBytes(header).Concat(words.SelectMany(w => BitConverter.GetBytes((ushort)w))).ToArray();

    private static byte[] PacketHeader(short type, int size, int tsOffset, int overflow, int number)
    {
        var h = new byte[28];
        BinaryPrimitives.WriteInt16LittleEndian(h, type);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(4), size);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(8), tsOffset);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(12), overflow);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(16), number);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(20), number);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(24), number);
        return h;
    }

    private static byte[] Polarity(int x, int y, bool on, bool valid, int t)
    {
        var r = new byte[8];
        uint data = ((uint)x << 17) | ((uint)y << 2) | (on ? 2u : 0u) | (valid ? 1u : 0u);
        BinaryPrimitives.WriteUInt32LittleEndian(r, data);
        BinaryPrimitives.WriteInt32LittleEndian(r.AsSpan(4), t);
        return r;
    }
}
