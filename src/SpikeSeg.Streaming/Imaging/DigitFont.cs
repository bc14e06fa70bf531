namespace SpikeSeg.Streaming.Imaging;

/// <summary>A 3×5 bitmap font for digits (track ids, axis labels); 15 bits per glyph, row-major from the top.</summary>
internal static class DigitFont
{
    private static readonly ushort[] Digits =
    [
        0b111_101_101_101_111, // 0
        0b010_110_010_010_111, // 1
        0b111_001_111_100_111, // 2
        0b111_001_111_001_111, // 3
        0b101_101_111_001_001, // 4
        0b111_100_111_001_111, // 5
        0b111_100_111_101_111, // 6
        0b111_001_001_001_001, // 7
        0b111_101_111_101_111, // 8
        0b111_101_111_001_111, // 9
    ];

    public static ushort Glyph(char c) => c switch
    {
        >= '0' and <= '9' => Digits[c - '0'],
        '-' => 0b000_000_111_000_000,
        '.' => 0b000_000_000_000_010,
        _ => 0,
    };
}
