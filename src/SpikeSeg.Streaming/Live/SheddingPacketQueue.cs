using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Live;

/// <summary>
/// The bounded hand-off between a producer that must never block (a camera, a socket) and a consumer that may be
/// slow. <see cref="TryWrite"/> always returns at once; when the queue holds <see cref="Capacity"/> packets, one
/// packet is shed according to <see cref="Policy"/> and counted (packets and events). The only place in the
/// pipeline where data is dropped on purpose (design.md §1: explicit overflow policy only at live sources).
/// Accounting: <c>EventsWritten == EventsDelivered + EventsShed + events still queued</c>.
/// One producer thread writes; any number of consumers may read.
/// </summary>
public sealed class SheddingPacketQueue
{
    private readonly Channel<EventPacket> _channel;
    private readonly EventPacketPool? _pool;
    private long _packetsWritten;
    private long _eventsWritten;
    private long _packetsShed;
    private long _eventsShed;
    private long _packetsDelivered;
    private long _eventsDelivered;
    private int _maxDepth;

    /// <param name="pool">If given, shed packets go back to it.</param>
    public SheddingPacketQueue(int capacity, ShedPolicy policy, EventPacketPool? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        Policy = policy;
        _pool = pool;
        var options = new BoundedChannelOptions(capacity)
        {
            // The BCL's DropWrite discards the item being written, which is what "drop newest" means here;
            // its DropNewest would instead evict the most recent *queued* item.
            FullMode = policy == ShedPolicy.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.DropWrite,
            SingleWriter = true,
            SingleReader = false,
            AllowSynchronousContinuations = false,
        };
        _channel = Channel.CreateBounded<EventPacket>(options, OnShed);
    }

    public int Capacity { get; }

    public ShedPolicy Policy { get; }

    public int Depth => _channel.Reader.Count;

    /// <summary>Largest depth seen right after a write; never above <see cref="Capacity"/>.</summary>
    public int MaxDepthObserved => Volatile.Read(ref _maxDepth);

    public long PacketsWritten => Interlocked.Read(ref _packetsWritten);

    public long EventsWritten => Interlocked.Read(ref _eventsWritten);

    public long PacketsShed => Interlocked.Read(ref _packetsShed);

    public long EventsShed => Interlocked.Read(ref _eventsShed);

    public long PacketsDelivered => Interlocked.Read(ref _packetsDelivered);

    public long EventsDelivered => Interlocked.Read(ref _eventsDelivered);

    /// <summary>Hands a packet over without blocking. False only after <see cref="Complete"/> (the packet is then not taken).</summary>
    public bool TryWrite(EventPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        int events = packet.Count;
        Interlocked.Increment(ref _packetsWritten);
        Interlocked.Add(ref _eventsWritten, events);
        if (!_channel.Writer.TryWrite(packet))
        {
            Interlocked.Decrement(ref _packetsWritten);
            Interlocked.Add(ref _eventsWritten, -events);
            return false;
        }

        int depth = _channel.Reader.Count;
        if (depth > _maxDepth)
        {
            Volatile.Write(ref _maxDepth, depth);
        }

        return true;
    }

    public bool TryRead(out EventPacket packet)
    {
        if (_channel.Reader.TryRead(out packet!))
        {
            Interlocked.Increment(ref _packetsDelivered);
            Interlocked.Add(ref _eventsDelivered, packet.Count);
            return true;
        }

        return false;
    }

    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => _channel.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Every packet until the queue is completed and drained.</summary>
    public async IAsyncEnumerable<EventPacket> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (TryRead(out var packet))
            {
                yield return packet;
            }
        }
    }

    /// <summary>No more writes; readers finish after draining what is queued.</summary>
    public void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);

    public Task Completion => _channel.Reader.Completion;

    private void OnShed(EventPacket packet)
    {
        Interlocked.Increment(ref _packetsShed);
        Interlocked.Add(ref _eventsShed, packet.Count);
        _pool?.Return(packet);
    }
}
