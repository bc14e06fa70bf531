using System.Globalization;
using Microsoft.Extensions.Logging;
using SpikeSeg.Core;
using SpikeSeg.Core.Checkpoints;
using SpikeSeg.Streaming.Checkpoints;

namespace SpikeSeg.Host.Service;

/// <summary>
/// One stream's checkpoint folder: files <c>checkpoint-NNNNNNNN.spikeseg</c> with a sequence number that only grows,
/// written atomically (<see cref="CheckpointWriter"/>), the oldest deleted beyond <c>keep</c>. Loading walks from the
/// newest back and skips files that do not verify, so a checkpoint damaged on disk costs one interval, not the model.
/// </summary>
internal sealed class CheckpointStore
{
    private const string Prefix = "checkpoint-";
    private const string Extension = ".spikeseg";

    private readonly string _folder;
    private readonly int _keep;
    private readonly ILogger _log;
    private readonly Lock _gate = new();

    public CheckpointStore(string folder, int keep, ILogger log)
    {
        _folder = Path.GetFullPath(folder);
        _keep = keep;
        _log = log;
    }

    public string Folder => _folder;

    /// <summary>Checkpoint files, oldest first.</summary>
    public IReadOnlyList<string> List()
    {
        if (!Directory.Exists(_folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(_folder, Prefix + "*" + Extension)
            .Select(path => (path, seq: SequenceOf(path)))
            .Where(p => p.seq >= 0)
            .OrderBy(p => p.seq)
            .Select(p => p.path)
            .ToList();
    }

    /// <summary>The newest checkpoint that verifies, with its path; null when there is none.</summary>
    public (ModelCheckpoint Model, string Path)? LoadLatestGood()
    {
        foreach (string path in List().Reverse())
        {
            try
            {
                return (CheckpointReader.Read(path), path);
            }
            catch (InvalidInputException ex)
            {
                _log.LogWarning("Skipping checkpoint {Path}: {Problem}", path, ex.Message);
            }
        }

        return null;
    }

    /// <summary>Writes the next checkpoint and applies retention; returns its path.</summary>
    public string Write(ModelCheckpoint model)
    {
        lock (_gate)
        {
            Directory.CreateDirectory(_folder);
            var existing = List();
            long next = existing.Count == 0 ? 1 : SequenceOf(existing[^1]) + 1;
            string path = Path.Combine(_folder, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{next:D8}{Extension}"));
            CheckpointWriter.Write(path, model);
            foreach (string old in existing.Take(Math.Max(0, existing.Count + 1 - _keep)))
            {
                TryDelete(old);
            }

            return path;
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("Cannot delete old checkpoint {Path}: {Problem}", path, ex.Message);
        }
    }

    private static long SequenceOf(string path)
    {
        string name = Path.GetFileName(path);
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Extension, StringComparison.Ordinal))
        {
            return -1;
        }

        string digits = name[Prefix.Length..^Extension.Length];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long seq) ? seq : -1;
    }
}
