namespace SpikeSeg.Core.Encoding;

/// <summary>One decoded 5-byte N-MNIST event.</summary>
/// <param name="X">Column.</param>
/// <param name="Y">Row.</param>
/// <param name="Polarity">1 = ON, 0 = OFF.</param>
/// <param name="TimestampUs">Time in µs.</param>
public readonly record struct NMnistRecord(int X, int Y, int Polarity, long TimestampUs)
{
    public const int Size = 5;

    /// <summary>
    /// The official layout (reference-semantics §16.3, Orchard et al.): x = b0, y = b1, p = b2 bit 7,
    /// t = (b2 &amp; 0x7F) &lt;&lt; 16 | b3 &lt;&lt; 8 | b4.
    /// </summary>
    public static NMnistRecord DecodeOfficial(ReadOnlySpan<byte> record)
    {
        CheckLength(record);
        return new NMnistRecord(record[0], record[1], record[2] >> 7, ((record[2] & 0x7F) << 16) | (record[3] << 8) | record[4]);
    }

    /// <summary>
    /// The reference loader's decoding (§1.1, a defect kept for conformance only): x = b0 &amp; 0x7F, p = b0 bit 7,
    /// y = b1, t = b2 &lt;&lt; 16 | b3 &lt;&lt; 8 | b4 (the polarity bit stays inside the timestamp).
    /// </summary>
    public static NMnistRecord DecodeAsImplemented(ReadOnlySpan<byte> record)
    {
        CheckLength(record);
        return new NMnistRecord(record[0] & 0x7F, record[1], record[0] >> 7, (record[2] << 16) | (record[3] << 8) | record[4]);
    }

    private static void CheckLength(ReadOnlySpan<byte> record)
    {
        if (record.Length < Size)
        {
            throw new ArgumentException($"An N-MNIST record is {Size} bytes, got {record.Length}.", nameof(record));
        }
    }
}
