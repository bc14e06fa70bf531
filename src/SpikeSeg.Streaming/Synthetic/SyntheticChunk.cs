using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Synthetic;

/// <summary>
/// One time slice [<see cref="StartUs"/>, <see cref="EndUs"/>) of a synthetic scene: its events in time order,
/// the ground-truth object id of every event (−1 = star, noise or hot pixel) and the labels that fall in the slice.
/// The generator refills the same chunk on every call, so a long scene runs in constant memory; copy what you keep.
/// </summary>
public sealed class SyntheticChunk
{
    private int[] _objectIds;

    public SyntheticChunk(int capacity = 4096)
    {
        Events = new EventPacket(capacity);
        _objectIds = new int[Math.Max(capacity, 1)];
    }

    public EventPacket Events { get; }

    /// <summary>Object id per event, parallel to <see cref="Events"/>.</summary>
    public Span<int> ObjectIds => _objectIds.AsSpan(0, Events.Count);

    public List<LabelRow> Labels { get; } = [];

    public long StartUs { get; internal set; }

    public long EndUs { get; internal set; }

    internal int[] RawObjectIds => _objectIds;

    internal void Reset(long startUs, long endUs)
    {
        StartUs = startUs;
        EndUs = endUs;
        Events.Clear();
        Labels.Clear();
    }

    /// <summary>Reserves <paramref name="count"/> event slots and makes the id array at least as long.</summary>
    internal int Reserve(int count)
    {
        int start = Events.Reserve(count);
        if (_objectIds.Length < Events.Capacity)
        {
            Array.Resize(ref _objectIds, Events.Capacity);
        }

        return start;
    }
}
