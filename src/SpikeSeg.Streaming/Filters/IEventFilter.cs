using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Filters;

/// <summary>
/// A packet-in/packet-out event filter. <see cref="Apply"/> compacts the packet in place (kept events keep their
/// order) and allocates nothing per packet; <see cref="Removed"/> counts every event it has taken out, so nothing
/// is dropped silently. A filter instance is used by one stage at a time; <see cref="Removed"/> may be read from
/// any thread.
/// </summary>
public interface IEventFilter
{
    /// <summary>Short stable name for metrics and the run summary (lower case, no spaces).</summary>
    string Name { get; }

    long Removed { get; }

    void Apply(EventPacket packet);
}
