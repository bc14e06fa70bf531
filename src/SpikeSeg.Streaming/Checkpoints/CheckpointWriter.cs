using Google.Protobuf;
using SpikeSeg.Core.Checkpoints;

namespace SpikeSeg.Streaming.Checkpoints;

/// <summary>
/// Writes a checkpoint atomically: header and payload go to a temporary file in the destination folder, which is
/// flushed to disk and then renamed over the destination. A crash at any moment leaves either the previous file
/// or the new one, never a mixture.
/// </summary>
public static class CheckpointWriter
{
    public static void Write(string path, ModelCheckpoint checkpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.FindProblem() is string problem)
        {
            throw new ArgumentException($"Refusing to write an inconsistent checkpoint: {problem}", nameof(checkpoint));
        }

        byte[] payload = CheckpointMapper.ToWire(checkpoint).ToByteArray();
        var header = new byte[CheckpointFileFormat.HeaderSize];
        CheckpointFileFormat.WriteHeader(header, checkpoint.FormatVersion, payload);

        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"No folder in '{path}'.", nameof(path));
        string temp = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(header);
                stream.Write(payload);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // The original failure matters more; a stray temp file is named so it is recognisable.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
