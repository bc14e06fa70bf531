using Google.Protobuf;
using SpikeSeg.Core;
using SpikeSeg.Core.Checkpoints;
using Wire = SpikeSeg.Streaming.Checkpoints.Wire;

namespace SpikeSeg.Streaming.Checkpoints;

/// <summary>
/// Reads a checkpoint written by <see cref="CheckpointWriter"/>. The whole file is verified (size, magic, version,
/// length, SHA-256, Protobuf decoding, spec validity, shape consistency) before a model is returned, so a damaged
/// file yields one <see cref="InvalidInputException"/> line naming the file and the problem, never a partial model.
/// </summary>
public static class CheckpointReader
{
    public static ModelCheckpoint Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] file = ReadBounded(path);
        return Decode(file, path);
    }

    /// <summary>Verifies and decodes the bytes of a checkpoint file; <paramref name="source"/> names it in errors.</summary>
    public static ModelCheckpoint Decode(ReadOnlySpan<byte> file, string source)
    {
        const int headerSize = CheckpointFileFormat.HeaderSize;
        if (file.Length < CheckpointFileFormat.Magic.Length || !CheckpointFileFormat.HasMagic(file))
        {
            throw Fail(source, file.Length < CheckpointFileFormat.Magic.Length
                ? $"truncated: {file.Length} bytes, not even the magic"
                : "not a SpikeSeg checkpoint (wrong magic)");
        }

        if (file.Length < headerSize)
        {
            throw Fail(source, $"truncated: {file.Length} bytes, the header alone is {headerSize}");
        }

        ReadOnlySpan<byte> header = file[..headerSize];
        uint version = CheckpointFileFormat.Version(header);
        if (version != ModelCheckpoint.CurrentFormatVersion)
        {
            throw Fail(source, $"format version {version} is not supported (this build reads version {ModelCheckpoint.CurrentFormatVersion})");
        }

        uint reserved = CheckpointFileFormat.Reserved(header);
        if (reserved != 0)
        {
            throw Fail(source, $"header reserved field is {reserved}, must be 0 (corrupt header)");
        }

        ulong declared = CheckpointFileFormat.PayloadLength(header);
        long actual = file.Length - headerSize;
        if (declared != (ulong)actual)
        {
            throw Fail(source, declared > (ulong)actual
                ? $"truncated: header declares {declared} payload bytes, file has {actual}"
                : $"{actual - (long)declared} unexpected bytes after the declared {declared}-byte payload");
        }

        ReadOnlySpan<byte> payload = file[headerSize..];
        if (!CheckpointFileFormat.HashMatches(header, payload))
        {
            throw Fail(source, "checksum mismatch: the payload is corrupt");
        }

        Wire.Checkpoint wire;
        try
        {
            wire = Wire.Checkpoint.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw Fail(source, $"payload does not decode ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }

        if (wire.FormatVersion != version)
        {
            throw Fail(source, $"payload format version {wire.FormatVersion} disagrees with header version {version}");
        }

        var model = CheckpointMapper.FromWire(wire, source);
        if (model.FindProblem() is string problem)
        {
            throw Fail(source, problem);
        }

        return model;
    }

    private static byte[] ReadBounded(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw Fail(path, "checkpoint file not found");
            }

            if (info.Length > CheckpointFileFormat.HeaderSize + CheckpointFileFormat.MaxPayloadBytes)
            {
                throw Fail(path, $"file is {info.Length} bytes, larger than any checkpoint");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Fail(path, $"cannot read ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    private static InvalidInputException Fail(string source, string problem, Exception? inner = null) =>
        inner is null ? new InvalidInputException($"{source}: {problem}") : new InvalidInputException($"{source}: {problem}", inner);
}
