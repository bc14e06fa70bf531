using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Filters;

/// <summary>Keeps the events of one polarity.</summary>
public sealed class PolarityFilter(Polarity keep) : IEventFilter
{
    private FilterCounter _removed;

    public Polarity Keep { get; } = keep;

    public string Name => "polarity";

    public long Removed => _removed.Value;

    public void Apply(EventPacket packet)
    {
        var rule = new Rule((byte)Keep);
        _removed.Add(PacketCompaction.KeepWhere(packet, ref rule));
    }

    private readonly struct Rule(byte wanted) : IEventRule
    {
        public bool Keep(long timestampUs, ref ushort x, ref ushort y, byte polarity) => polarity == wanted;
    }
}
