using System.Runtime.InteropServices;

namespace SpikeSeg.Streaming.Formats.Native;

/// <summary>
/// The part of the HDF5 C API (Debian libhdf5-103-1, soname libhdf5_serial.so.103, HDF5 1.10) that reads
/// numeric datasets from an in-memory file image. The serial library is not thread-safe: every call goes
/// through <see cref="Sync"/>. Type and property-class ids are library globals, read after H5open.
/// </summary>
internal static unsafe partial class Hdf5Native
{
    internal const string Library = "libhdf5_serial.so.103";

    /// <summary>H5P_DEFAULT, H5S_ALL and H5E_DEFAULT are all 0.</summary>
    internal const long Default = 0;

    internal const uint ReadOnly = 0;

    private static readonly Lazy<Globals> Ids = new(LoadGlobals, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Held around every HDF5 call.</summary>
    internal static Lock Sync { get; } = new();

    internal static long NativeDouble => Ids.Value.NativeDouble;

    internal static long FileAccessClass => Ids.Value.FileAccess;

    internal static long FileCreateClass => Ids.Value.FileCreate;

    /// <summary>Reads a hid_t global of the library (initialised by H5open).</summary>
    internal static long Global(string symbol) => *(long*)NativeLibrary.GetExport(Ids.Value.Handle, symbol);

    [LibraryImport(Library)]
    internal static partial int H5open();

    [LibraryImport(Library)]
    internal static partial int H5Eset_auto2(long errorStack, nint function, nint clientData);

    [LibraryImport(Library)]
    internal static partial long H5Pcreate(long propertyClass);

    [LibraryImport(Library)]
    internal static partial int H5Pclose(long propertyList);

    [LibraryImport(Library)]
    internal static partial int H5Pset_fapl_core(long fileAccess, nuint incrementBytes, byte backingStore);

    [LibraryImport(Library)]
    internal static partial int H5Pset_file_image(long fileAccess, void* image, nuint bytes);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial long H5Fopen(string name, uint flags, long fileAccess);

    [LibraryImport(Library)]
    internal static partial int H5Fclose(long file);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int H5Lexists(long location, string name, long linkAccess);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial long H5Dopen2(long location, string name, long datasetAccess);

    [LibraryImport(Library)]
    internal static partial int H5Dclose(long dataset);

    [LibraryImport(Library)]
    internal static partial long H5Dget_space(long dataset);

    [LibraryImport(Library)]
    internal static partial int H5Dread(long dataset, long memoryType, long memorySpace, long fileSpace, long transfer, void* buffer);

    [LibraryImport(Library)]
    internal static partial long H5Sget_simple_extent_npoints(long space);

    [LibraryImport(Library)]
    internal static partial int H5Sclose(long space);

    private static Globals LoadGlobals()
    {
        nint handle = NativeLibrary.Load(Library, typeof(Hdf5Native).Assembly, null);
        lock (Sync)
        {
            if (H5open() < 0)
            {
                throw new InvalidOperationException("H5open failed");
            }

            // Malformed files are reported through return codes; the library must not print its error stack.
            _ = H5Eset_auto2(Default, 0, 0);
        }

        long Read(string symbol) => *(long*)NativeLibrary.GetExport(handle, symbol);
        return new Globals(handle, Read("H5T_NATIVE_DOUBLE_g"), Read("H5P_CLS_FILE_ACCESS_ID_g"), Read("H5P_CLS_FILE_CREATE_ID_g"));
    }

    private sealed record Globals(nint Handle, long NativeDouble, long FileAccess, long FileCreate);
}
