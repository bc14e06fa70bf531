using System.Buffers.Binary;
using System.IO.Compression;
using SpikeSeg.Streaming.Imaging;

namespace SpikeSeg.Tests.Support;

/// <summary>
/// The container part of reading a PNG in tests: signature, chunk walk with CRC checks, the header's fields and the
/// inflated image data (rows with their filter bytes). Each reader decides which pixel formats and filters it accepts.
/// </summary>
internal sealed record PngChunks(int Width, int Height, byte BitDepth, byte ColourType, byte Interlace, byte[] FilteredRows)
{
    public static PngChunks Read(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int at = 8, width = 0, height = 0;
        byte depth = 0, colour = 0, interlace = 0;
        using var idat = new MemoryStream();
        while (at < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)), PngEncoder.Crc32(png.AsSpan(at + 4, 4), data));
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                (depth, colour, interlace) = (data[8], data[9], data[12]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        return new PngChunks(width, height, depth, colour, interlace, raw.ToArray());
    }
}
