using System.Buffers.Binary;
using System.Text;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>Records larger than half the reader's window still decode (the window grows for them).</summary>
public sealed class WideRecordTests
{
    [Fact]
    public void NpyRecordsWiderThanTheWindowDecode()
    {
        const int padding = 20 * 60_000;
        string pads = string.Concat(Enumerable.Repeat(", ('', '|V60000')", 20));
        string header = $"{{'descr': [('t', '<i8'), ('x', '<u2'), ('y', '<u2'), ('p', '|u1'){pads}], 'fortran_order': False, 'shape': (2,), }}";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)(header.Length & 0xFF), (byte)(header.Length >> 8) };
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        for (int i = 0; i < 2; i++)
        {
            var r = new byte[13 + padding];
            BinaryPrimitives.WriteInt64LittleEndian(r, 100 + i);
            BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(8), (ushort)(i + 1));
            r[12] = 1;
            bytes.AddRange(r);
        }

        var e = EventReading.ReadBytes([.. bytes], "wide.npy");
        Assert.Equal(new long[] { 100, 101 }, e.TimestampUs.ToArray());
        Assert.Equal(new ushort[] { 1, 2 }, e.X.ToArray());
    }
}
