using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SpikeSeg.Streaming.Checkpoints;

/// <summary>
/// The checkpoint file header, 56 bytes, little-endian:
/// <c>magic "SPKSEGCK" (8) | format version u32 | reserved u32 = 0 | payload length u64 | SHA-256 of payload (32)</c>,
/// followed by exactly that many payload bytes (a <c>checkpoint.proto</c> <c>Checkpoint</c> message).
/// Every header field is checked on read, and the hash covers the payload, so any single flipped bit is detected.
/// </summary>
internal static class CheckpointFileFormat
{
    public const int HeaderSize = 56;

    /// <summary>Refuse payloads larger than any realistic network (and than one .NET array).</summary>
    public const long MaxPayloadBytes = int.MaxValue - HeaderSize;

    private const int VersionOffset = 8;
    private const int ReservedOffset = 12;
    private const int LengthOffset = 16;
    private const int HashOffset = 24;

    public static ReadOnlySpan<byte> Magic => "SPKSEGCK"u8;

    public static void WriteHeader(Span<byte> header, int formatVersion, ReadOnlySpan<byte> payload)
    {
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[VersionOffset..], (uint)formatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[ReservedOffset..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(header[LengthOffset..], (ulong)payload.Length);
        SHA256.HashData(payload, header[HashOffset..HeaderSize]);
    }

    public static bool HasMagic(ReadOnlySpan<byte> header) => header[..Magic.Length].SequenceEqual(Magic);

    public static uint Version(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt32LittleEndian(header[VersionOffset..]);

    public static uint Reserved(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt32LittleEndian(header[ReservedOffset..]);

    public static ulong PayloadLength(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt64LittleEndian(header[LengthOffset..]);

    public static bool HashMatches(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(payload, hash);
        return CryptographicOperations.FixedTimeEquals(hash, header[HashOffset..HeaderSize]);
    }
}
