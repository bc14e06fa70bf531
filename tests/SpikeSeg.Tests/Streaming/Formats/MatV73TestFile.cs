using System.Runtime.InteropServices;
using System.Text;
using SpikeSeg.Streaming.Formats.Native;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>
/// Writes small MAT v7.3 files with the HDF5 C library itself, as MATLAB lays them out: a 512-byte user block
/// holding the MAT header text, then HDF5 with a <c>TD</c> group of x, y, p, ts column datasets (or top-level ones).
/// </summary>
internal static unsafe partial class MatV73TestFile
{
    private const uint Truncate = 2;

    public static byte[] TdGroup(double[] x, double[] y, double[] p, double[] ts, string group = "TD", string timeName = "ts", bool matlabHeader = true, bool compressed = false) =>
        Write(new[] { ("x", x), ("y", y), ("p", p), (timeName, ts) }, group, matlabHeader, compressed);

    private static byte[] Write((string Name, double[] Values)[] columns, string group, bool matlabHeader, bool compressed)
    {
        string path = Path.Combine(Path.GetTempPath(), $"spikeseg-v73-{Guid.NewGuid():N}.mat");
        try
        {
            lock (Hdf5Native.Sync)
            {
                long nativeDouble = Hdf5Native.NativeDouble;
                long create = Hdf5Native.H5Pcreate(Hdf5Native.FileCreateClass);
                Check(create, "H5Pcreate");
                Check(H5Pset_userblock(create, matlabHeader ? 512UL : 0UL), "H5Pset_userblock");
                long file = H5Fcreate(path, Truncate, create, 0);
                Check(file, "H5Fcreate");
                _ = Hdf5Native.H5Pclose(create);
                long location = file;
                if (group.Length > 0)
                {
                    location = H5Gcreate2(file, group, 0, 0, 0);
                    Check(location, "H5Gcreate2");
                }

                ulong* dims = stackalloc ulong[2];
                foreach (var (name, values) in columns)
                {
                    // MATLAB stores an N×1 column as an HDF5 dataset of extent (1, N).
                    dims[0] = 1;
                    dims[1] = (ulong)values.Length;
                    long space = H5Screate_simple(2, dims, null);
                    Check(space, "H5Screate_simple");
                    long datasetCreate = 0;
                    if (compressed && values.Length > 0)
                    {
                        datasetCreate = Hdf5Native.H5Pcreate(Hdf5Native.Global("H5P_CLS_DATASET_CREATE_ID_g"));
                        Check(H5Pset_chunk(datasetCreate, 2, dims), "H5Pset_chunk");
                        Check(H5Pset_deflate(datasetCreate, 3), "H5Pset_deflate");
                    }

                    long dataset = H5Dcreate2(location, name, Hdf5Native.Global("H5T_IEEE_F64LE_g"), space, 0, datasetCreate, 0);
                    Check(dataset, "H5Dcreate2");
                    fixed (double* buffer = values)
                    {
                        Check(H5Dwrite(dataset, nativeDouble, 0, 0, 0, buffer), "H5Dwrite");
                    }

                    _ = Hdf5Native.H5Dclose(dataset);
                    _ = Hdf5Native.H5Sclose(space);
                    if (datasetCreate != 0)
                    {
                        _ = Hdf5Native.H5Pclose(datasetCreate);
                    }
                }

                if (location != file)
                {
                    _ = H5Gclose(location);
                }

                Check(Hdf5Native.H5Fclose(file), "H5Fclose");
            }

            byte[] bytes = File.ReadAllBytes(path);
            if (matlabHeader)
            {
                byte[] header = new byte[512];
                Array.Fill(header, (byte)' ');
                Encoding.ASCII.GetBytes("MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Sun Nov 22 06:00:00 2026 HDF5 schema 1.00 .").CopyTo(header, 0);
                header.AsSpan(116, 8).Clear();
                header[124] = 0x00;
                header[125] = 0x02;
                header[126] = (byte)'I';
                header[127] = (byte)'M';
                header.AsSpan(128).Clear();
                header.CopyTo(bytes, 0);
            }

            return bytes;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Check(long result, string call)
    {
        if (result < 0)
        {
            throw new InvalidOperationException($"{call} failed ({result})");
        }
    }

    [LibraryImport(Hdf5Native.Library)]
    private static partial int H5Pset_userblock(long fileCreate, ulong bytes);

    [LibraryImport(Hdf5Native.Library)]
    private static partial int H5Pset_chunk(long datasetCreate, int rank, ulong* dims);

    [LibraryImport(Hdf5Native.Library)]
    private static partial int H5Pset_deflate(long datasetCreate, uint level);

    [LibraryImport(Hdf5Native.Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long H5Fcreate(string name, uint flags, long fileCreate, long fileAccess);

    [LibraryImport(Hdf5Native.Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long H5Gcreate2(long location, string name, long linkCreate, long groupCreate, long groupAccess);

    [LibraryImport(Hdf5Native.Library)]
    private static partial int H5Gclose(long group);

    [LibraryImport(Hdf5Native.Library)]
    private static partial long H5Screate_simple(int rank, ulong* dims, ulong* maxDims);

    [LibraryImport(Hdf5Native.Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long H5Dcreate2(long location, string name, long type, long space, long linkCreate, long datasetCreate, long datasetAccess);

    [LibraryImport(Hdf5Native.Library)]
    private static partial int H5Dwrite(long dataset, long memoryType, long memorySpace, long fileSpace, long transfer, void* buffer);
}
