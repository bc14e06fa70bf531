using System.Buffers.Binary;
using System.Text;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>Builds a little-endian MAT v5 file holding a 1×1 struct TD with double column vectors x, y, p, ts (MathWorks layout).</summary>
internal static class MatV5TestFile
{
    public static byte[] TdStruct(double[] x, double[] y, double[] p, double[] ts)
    {
        var body = new List<byte>();
        body.AddRange(Element(6, Flags(2)));
        body.AddRange(Element(5, Ints(1, 1)));
        body.AddRange(Element(1, Encoding.ASCII.GetBytes("TD")));
        body.AddRange(Element(5, Ints(8)));
        var names = new byte[32];
        foreach (var (name, i) in new[] { "x", "y", "p", "ts" }.Select((n, i) => (n, i)))
        {
            Encoding.ASCII.GetBytes(name).CopyTo(names, i * 8);
        }

        body.AddRange(Element(1, names));
        foreach (double[] column in new[] { x, y, p, ts })
        {
            var field = new List<byte>();
            field.AddRange(Element(6, Flags(6)));
            field.AddRange(Element(5, Ints(column.Length, 1)));
            field.AddRange(Element(1, []));
            field.AddRange(Element(9, column.SelectMany(BitConverter.GetBytes).ToArray()));
            body.AddRange(Element(14, [.. field]));
        }

        var file = new byte[128];
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, Platform: test".PadRight(116)).CopyTo(file, 0);
        file[124] = 0;
        file[125] = 1;
        file[126] = (byte)'I';
        file[127] = (byte)'M';
        return [.. file, .. Element(14, [.. body])];
    }

    private static byte[] Flags(byte classId) => [classId, 0, 0, 0, 0, 0, 0, 0];

    private static byte[] Ints(params int[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    private static byte[] Element(int type, byte[] data)
    {
        var e = new byte[8 + ((data.Length + 7) / 8 * 8)];
        BinaryPrimitives.WriteInt32LittleEndian(e, type);
        BinaryPrimitives.WriteInt32LittleEndian(e.AsSpan(4), data.Length);
        data.CopyTo(e, 8);
        return e;
    }
}
