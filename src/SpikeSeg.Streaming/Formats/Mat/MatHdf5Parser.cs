using SpikeSeg.Streaming.Formats.Native;

namespace SpikeSeg.Streaming.Formats.Mat;

/// <summary>
/// Event columns from a MAT v7.3 file (an HDF5 file behind a 512-byte MATLAB user block) or a bare HDF5 file,
/// through the HDF5 C library on an in-memory image of the whole input: the <c>TD</c> group with datasets
/// x, y, p, ts (EBSSA), else top-level datasets x, y, p and ts or t. Every numeric type is read as double.
/// </summary>
internal static unsafe class MatHdf5Parser
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    /// <summary>True if an HDF5 superblock starts at 0 or after a 512-byte MAT v7.3 header.</summary>
    public static bool IsHdf5(ReadOnlySpan<byte> prefix) =>
        prefix.StartsWith(Signature) || (prefix.Length >= 512 + 8 && prefix[512..].StartsWith(Signature));

    /// <summary>Reads the whole input (bounded by the byte source's window limit) and extracts the columns.</summary>
    public static EventColumns Read(EventByteSource source)
    {
        while (source.Ensure(source.Available + 1))
        {
        }

        byte[] image = source.Span.ToArray();
        source.Advance(source.Available);
        bool matlabHeader = image.AsSpan().StartsWith("MATLAB"u8);
        try
        {
            lock (Hdf5Native.Sync)
            {
                return ReadImage(image, source, matlabHeader);
            }
        }
        catch (DllNotFoundException)
        {
            throw source.Error(0, $"reading MAT v7.3 (HDF5) needs {Hdf5Native.Library} (Debian package libhdf5-103-1)");
        }
    }

    private static EventColumns ReadImage(byte[] image, EventByteSource source, bool matlabHeader)
    {
        long fileAccess = Hdf5Native.H5Pcreate(Hdf5Native.FileAccessClass);
        if (fileAccess < 0)
        {
            throw source.Error(0, "HDF5: cannot create a file access property list");
        }

        long file;
        try
        {
            fixed (byte* bytes = image)
            {
                // The core driver copies the image: the file is opened from memory, never from disk.
                if (Hdf5Native.H5Pset_fapl_core(fileAccess, 1 << 16, 0) < 0 || Hdf5Native.H5Pset_file_image(fileAccess, bytes, (nuint)image.Length) < 0)
                {
                    throw source.Error(0, "HDF5: cannot set up an in-memory file image");
                }
            }

            // The name only labels the image. Passing the real path of the file made H5Fopen fail (observed), so use a fixed label.
            file = Hdf5Native.H5Fopen("spikeseg-file-image", Hdf5Native.ReadOnly, fileAccess);
        }
        finally
        {
            _ = Hdf5Native.H5Pclose(fileAccess);
        }

        if (file < 0)
        {
            throw source.Error(0, "HDF5 library cannot open the file (truncated or corrupt)");
        }

        try
        {
            if (Exists(file, "TD") && Exists(file, "TD/x") && Exists(file, "TD/y") && Exists(file, "TD/p") && Exists(file, "TD/ts"))
            {
                return new EventColumns(
                    ReadColumn(file, "TD/x", source), ReadColumn(file, "TD/y", source), ReadColumn(file, "TD/p", source), ReadColumn(file, "TD/ts", source),
                    "TD", CoordinatesOneBased: true);
            }

            if (Exists(file, "x") && Exists(file, "y") && Exists(file, "p"))
            {
                string time = Exists(file, "ts") ? "ts" : Exists(file, "t") ? "t" : throw source.Error(0, "HDF5 file has x, y, p but neither ts nor t");
                return new EventColumns(
                    ReadColumn(file, "x", source), ReadColumn(file, "y", source), ReadColumn(file, "p", source), ReadColumn(file, time, source),
                    "/", CoordinatesOneBased: matlabHeader);
            }

            throw source.Error(0, "HDF5 file holds neither a TD group (x, y, p, ts) nor top-level x, y, p, ts|t datasets (Prophesee .hdf5 is not supported)");
        }
        finally
        {
            _ = Hdf5Native.H5Fclose(file);
        }
    }

    private static bool Exists(long file, string path) => Hdf5Native.H5Lexists(file, path, Hdf5Native.Default) > 0;

    private static double[] ReadColumn(long file, string path, EventByteSource source)
    {
        long dataset = Hdf5Native.H5Dopen2(file, path, Hdf5Native.Default);
        if (dataset < 0)
        {
            throw source.Error(0, $"HDF5: '{path}' is not a readable dataset");
        }

        try
        {
            long space = Hdf5Native.H5Dget_space(dataset);
            long points = space < 0 ? -1 : Hdf5Native.H5Sget_simple_extent_npoints(space);
            if (space >= 0)
            {
                _ = Hdf5Native.H5Sclose(space);
            }

            // A dataset cannot hold more elements than its bytes (compressed data aside, which MAT v7.3 event
            // vectors rarely use): bounding by the image keeps a forged extent from allocating gigabytes.
            long limit = Math.Max(1024, (long)source.Position * 64);
            if (points < 0 || points > limit || points > Array.MaxLength)
            {
                throw source.Error(0, $"HDF5: '{path}' declares {points} elements, outside 0..{limit}");
            }

            double[] values = new double[points];
            fixed (double* buffer = values)
            {
                if (points > 0 && Hdf5Native.H5Dread(dataset, Hdf5Native.NativeDouble, Hdf5Native.Default, Hdf5Native.Default, Hdf5Native.Default, buffer) < 0)
                {
                    throw source.Error(0, $"HDF5: cannot read '{path}' as numbers (corrupt or not numeric)");
                }
            }

            return values;
        }
        finally
        {
            _ = Hdf5Native.H5Dclose(dataset);
        }
    }
}

/// <summary>The four event columns of a MAT-file, as doubles, and where they came from.</summary>
internal sealed record EventColumns(double[] X, double[] Y, double[] P, double[] Ts, string Variable, bool CoordinatesOneBased);
