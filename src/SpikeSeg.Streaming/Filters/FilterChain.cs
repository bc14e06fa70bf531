using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Filters;

/// <summary>Filters applied in order to the same packet; <see cref="Removed"/> is the sum over the chain.</summary>
public sealed class FilterChain : IEventFilter
{
    private readonly IEventFilter[] _filters;

    public FilterChain(params IEventFilter[] filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        foreach (var f in filters)
        {
            ArgumentNullException.ThrowIfNull(f, nameof(filters));
        }

        _filters = (IEventFilter[])filters.Clone();
    }

    public string Name => "chain";

    public IReadOnlyList<IEventFilter> Filters => _filters;

    public long Removed
    {
        get
        {
            long sum = 0;
            foreach (var f in _filters)
            {
                sum += f.Removed;
            }

            return sum;
        }
    }

    public void Apply(EventPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        foreach (var f in _filters)
        {
            if (packet.IsEmpty)
            {
                return;
            }

            f.Apply(packet);
        }
    }
}
