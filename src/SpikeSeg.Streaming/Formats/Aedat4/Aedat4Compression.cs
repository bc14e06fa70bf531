namespace SpikeSeg.Streaming.Formats.Aedat4;

/// <summary>IOHeader compression enum of AEDAT 4.0.</summary>
public enum Aedat4Compression
{
    None = 0,
    Lz4 = 1,
    Lz4High = 2,
    Zstd = 3,
    ZstdHigh = 4,
}
