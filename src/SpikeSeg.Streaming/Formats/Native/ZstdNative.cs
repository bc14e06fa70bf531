using System.Runtime.InteropServices;

namespace SpikeSeg.Streaming.Formats.Native;

/// <summary>The libzstd API (Debian libzstd1, soname libzstd.so.1).</summary>
internal static unsafe partial class ZstdNative
{
    private const string Library = "libzstd.so.1";

    [StructLayout(LayoutKind.Sequential)]
    internal struct Buffer
    {
        public byte* Pointer;
        public nuint Size;
        public nuint Position;
    }

    [LibraryImport(Library)]
    internal static partial nint ZSTD_createDStream();

    [LibraryImport(Library)]
    internal static partial nuint ZSTD_freeDStream(nint stream);

    [LibraryImport(Library)]
    internal static partial nuint ZSTD_initDStream(nint stream);

    [LibraryImport(Library)]
    internal static partial nuint ZSTD_decompressStream(nint stream, Buffer* output, Buffer* input);

    [LibraryImport(Library)]
    internal static partial uint ZSTD_isError(nuint code);

    [LibraryImport(Library)]
    internal static partial nint ZSTD_getErrorName(nuint code);

    [LibraryImport(Library)]
    internal static partial nuint ZSTD_compressBound(nuint sourceSize);

    [LibraryImport(Library)]
    internal static partial nuint ZSTD_compress(byte* destination, nuint destinationCapacity, byte* source, nuint sourceSize, int level);

    internal static string ErrorName(nuint code) => Marshal.PtrToStringUTF8(ZSTD_getErrorName(code)) ?? "unknown zstd error";
}
