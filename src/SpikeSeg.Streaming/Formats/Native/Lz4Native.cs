using System.Runtime.InteropServices;

namespace SpikeSeg.Streaming.Formats.Native;

/// <summary>The liblz4 frame API (Debian liblz4-1, soname liblz4.so.1).</summary>
internal static unsafe partial class Lz4Native
{
    private const string Library = "liblz4.so.1";

    internal const uint FrameVersion = 100;

    [LibraryImport(Library)]
    internal static partial nuint LZ4F_createDecompressionContext(out nint context, uint version);

    [LibraryImport(Library)]
    internal static partial nuint LZ4F_freeDecompressionContext(nint context);

    [LibraryImport(Library)]
    internal static partial void LZ4F_resetDecompressionContext(nint context);

    [LibraryImport(Library)]
    internal static partial nuint LZ4F_decompress(nint context, byte* destination, ref nuint destinationSize, byte* source, ref nuint sourceSize, void* options);

    [LibraryImport(Library)]
    internal static partial uint LZ4F_isError(nuint code);

    [LibraryImport(Library)]
    internal static partial nint LZ4F_getErrorName(nuint code);

    [LibraryImport(Library)]
    internal static partial nuint LZ4F_compressFrameBound(nuint sourceSize, void* preferences);

    [LibraryImport(Library)]
    internal static partial nuint LZ4F_compressFrame(byte* destination, nuint destinationCapacity, byte* source, nuint sourceSize, void* preferences);

    internal static string ErrorName(nuint code) => Marshal.PtrToStringUTF8(LZ4F_getErrorName(code)) ?? "unknown LZ4 error";
}
