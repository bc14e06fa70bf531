using System.IO.Compression;
using SpikeSeg.Core;

namespace SpikeSeg.Streaming.Numpy;

/// <summary>.npz: a zip of .npy members named "&lt;key&gt;.npy" (numpy.savez / savez_compressed).</summary>
public static class NpzArchive
{
    /// <summary>Writes one member per entry; each action writes a complete .npy into the given stream.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Action<Stream>>> members, bool compressed = true)
    {
        ArgumentNullException.ThrowIfNull(members);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (key, write) in members)
        {
            var entry = zip.CreateEntry(key + ".npy", compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            using var member = entry.Open();
            write(member);
        }
    }

    /// <summary>Reads every .npy member, keyed by name without the extension.</summary>
    public static Dictionary<string, NpyArray> ReadAll(Stream stream, string sourceName)
    {
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    continue;
                }

                using var member = entry.Open();
                arrays[entry.FullName[..^4]] = NpyArray.Read(member, $"{sourceName}:{entry.FullName}");
            }
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidInputException($"{sourceName}: not a valid .npz (zip) archive: {ex.Message}", ex);
        }

        return arrays;
    }
}
