using System.Globalization;
using Microsoft.Extensions.Logging;
using SpikeSeg.Core;
using SpikeSeg.Core.Checkpoints;
using SpikeSeg.Streaming.Checkpoints;

namespace SpikeSeg.Host.ScaleOut;

/// <summary>
/// One camera's checkpoints in a directory shared by the hosts that may serve it: files
/// <c>&lt;camera&gt;-&lt;sequence&gt;.spikeseg</c>, written atomically, the newest few kept. Loading takes the newest
/// good one and skips a corrupt newer one with a warning, so a host killed mid-write costs one interval at most.
/// </summary>
public sealed class CheckpointDirectory(string directory, string cameraId, int keep, ILogger logger)
{
    private const string Extension = ".spikeseg";

    public string Directory { get; } = directory;

    public ModelCheckpoint? LoadLatest()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return null;
        }

        foreach (var (_, path) in Files().OrderByDescending(f => f.Sequence))
        {
            try
            {
                return CheckpointReader.Read(path);
            }
            catch (InvalidInputException ex)
            {
                logger.LogWarning("skipping unreadable checkpoint {Path}: {Reason}", path, ex.Message);
            }
        }

        return null;
    }

    public string Save(ModelCheckpoint checkpoint, ulong sequence)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        System.IO.Directory.CreateDirectory(Directory);
        string path = Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{cameraId}-{sequence:D12}{Extension}"));
        CheckpointWriter.Write(path, checkpoint);
        foreach (var (_, old) in Files().OrderByDescending(f => f.Sequence).Skip(keep))
        {
            File.Delete(old);
        }

        return path;
    }

    private IEnumerable<(ulong Sequence, string Path)> Files()
    {
        string prefix = cameraId + "-";
        foreach (string path in System.IO.Directory.EnumerateFiles(Directory, prefix + "*" + Extension))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (ulong.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out ulong sequence))
            {
                yield return (sequence, path);
            }
        }
    }
}
