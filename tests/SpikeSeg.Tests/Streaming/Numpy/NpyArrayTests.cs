using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core;
using SpikeSeg.Streaming.Numpy;

namespace SpikeSeg.Tests.Streaming.Numpy;

public sealed class NpyArrayTests
{
    [Fact]
    public void FloatArraysRoundTripWithTheirShape() =>
        Prop.ForAll<float[]>(values =>
        {
            var stream = new MemoryStream();
            NpyArray.Write<float>(stream, values, [values.Length]);
            stream.Position = 0;
            var back = NpyArray.Read(stream, "a.npy");
            Assert.Equal([values.Length], back.Header.Shape);
            Assert.Equal(values, back.ToArray<float>());
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));

    [Fact]
    public void TwoDimensionalHeaderIsNumpyText()
    {
        var stream = new MemoryStream();
        NpyArray.Write<int>(stream, new[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        byte[] bytes = stream.ToArray();
        string header = System.Text.Encoding.ASCII.GetString(bytes, 10, bytes[8] | (bytes[9] << 8));
        Assert.StartsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", header, StringComparison.Ordinal);
        Assert.Equal(0, (10 + header.Length) % 64);
        Assert.EndsWith("\n", header, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingAsTheWrongTypeIsRejected()
    {
        var stream = new MemoryStream();
        NpyArray.Write<double>(stream, new[] { 1.0 }, [1]);
        stream.Position = 0;
        Assert.Throws<InvalidInputException>(() => NpyArray.Read(stream, "d.npy").ToArray<float>());
    }

    [Fact]
    public void AbsurdShapeFailsAsTruncationWithoutAllocatingIt()
    {
        var stream = new MemoryStream();
        NpyArray.Write<byte>(stream, new byte[] { 1 }, [1]);
        byte[] bytes = stream.ToArray();
        string text = System.Text.Encoding.ASCII.GetString(bytes).Replace("(1,)", "(999999999999,)".PadRight(4), StringComparison.Ordinal);
        byte[] hostile = System.Text.Encoding.Latin1.GetBytes(text);
        hostile[8] = (byte)(hostile.Length - 10 - 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidInputException>(() => NpyArray.Read(new MemoryStream(hostile), "h.npy"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20);
    }

    [Fact]
    public void NpzHoldsSeveralNamedArrays()
    {
        var stream = new MemoryStream();
        NpzArchive.Write(stream,
        [
            new("w", s => NpyArray.Write<float>(s, new[] { 0.5f, -1f }, [2])),
            new("ids", s => NpyArray.Write<long>(s, new[] { 7L }, [1])),
        ]);
        stream.Position = 0;
        var arrays = NpzArchive.ReadAll(stream, "m.npz");
        Assert.Equal(new[] { 0.5f, -1f }, arrays["w"].ToArray<float>());
        Assert.Equal(new[] { 7L }, arrays["ids"].ToArray<long>());
    }
}
