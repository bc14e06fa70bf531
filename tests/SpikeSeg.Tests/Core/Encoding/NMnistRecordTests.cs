using SpikeSeg.Core.Encoding;

namespace SpikeSeg.Tests.Core.Encoding;

public sealed class NMnistRecordTests
{
    // b0 = 0x85 (x 133 officially; 5 + polarity bit as implemented), b1 = 33, b2 = 0x80 (polarity bit officially).
    private static readonly byte[] Record = [0x85, 0x21, 0x80, 0x00, 0x10];

    [Fact]
    public void Official_TakesPolarityFromTheTopBitOfByteTwo()
    {
        Assert.Equal(new NMnistRecord(133, 33, 1, 16), NMnistRecord.DecodeOfficial(Record));
    }

    [Fact]
    public void AsImplemented_TakesPolarityFromByteZero_AndKeepsBitSevenInTheTimestamp()
    {
        Assert.Equal(new NMnistRecord(5, 33, 1, 0x800010), NMnistRecord.DecodeAsImplemented(Record));
    }

    [Fact]
    public void TheLargestOfficialTimestampIs23Bits()
    {
        Assert.Equal((1 << 23) - 1, NMnistRecord.DecodeOfficial([0, 0, 0xFF, 0xFF, 0xFF]).TimestampUs);
        Assert.Equal(1, NMnistRecord.DecodeOfficial([0, 0, 0xFF, 0xFF, 0xFF]).Polarity);
    }

    [Fact]
    public void AShortRecord_IsRejected() =>
        Assert.Throws<ArgumentException>(() => NMnistRecord.DecodeOfficial([1, 2, 3, 4]));
}
