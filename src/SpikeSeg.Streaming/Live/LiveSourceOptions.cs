using SpikeSeg.Core;

namespace SpikeSeg.Streaming.Live;

/// <summary>Settings shared by the stream-based live sources (AEDAT 4 over TCP, EVT 2/3 from stdin or any stream).</summary>
public sealed record LiveSourceOptions
{
    /// <summary>Packets the hand-off queue holds before it sheds.</summary>
    public int QueueCapacity { get; init; } = 256;

    public ShedPolicy ShedPolicy { get; init; } = ShedPolicy.DropOldest;

    /// <summary>Most events in one handed-off packet; also the capacity of every pooled packet.</summary>
    public int MaxEventsPerPacket { get; init; } = 4096;

    /// <summary>
    /// Read window of record formats (EVT 2/3): the reader hands events on once about half of it has arrived,
    /// so this bounds the latency a slow trickle adds.
    /// </summary>
    public int ReadWindowBytes { get; init; } = 16 << 10;

    public void Validate()
    {
        Require(QueueCapacity is > 0 and <= 1_000_000, "queue capacity", "must be in 1..1000000");
        Require(Enum.IsDefined(ShedPolicy), "shed policy", $"{ShedPolicy} is not a policy");
        Require(MaxEventsPerPacket is > 0 and <= 1 << 20, "max events per packet", "must be in 1..1048576");
        Require(ReadWindowBytes is >= 64 and <= 64 << 20, "read window", "must be in 64 B..64 MiB");
    }

    private static void Require(bool ok, string setting, string problem)
    {
        if (!ok)
        {
            throw new InvalidInputException($"live source setting '{setting}': {problem}");
        }
    }
}
