using System.Collections.Concurrent;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Live;

/// <summary>
/// Recycles packets between a live source and its consumer so a steady stream allocates none. Keeps at most
/// <see cref="MaxRetained"/> idle packets; <see cref="Created"/> counts every packet ever made, which bounds
/// the memory a source has used.
/// </summary>
public sealed class EventPacketPool
{
    private readonly ConcurrentQueue<EventPacket> _idle = new();
    private readonly int _packetCapacity;
    private int _idleCount;
    private long _created;

    public EventPacketPool(int maxRetained, int packetCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetained);
        ArgumentOutOfRangeException.ThrowIfNegative(packetCapacity);
        MaxRetained = maxRetained;
        _packetCapacity = packetCapacity;
    }

    public int MaxRetained { get; }

    public long Created => Interlocked.Read(ref _created);

    public EventPacket Rent()
    {
        if (_idle.TryDequeue(out var packet))
        {
            Interlocked.Decrement(ref _idleCount);
            return packet;
        }

        Interlocked.Increment(ref _created);
        return new EventPacket(_packetCapacity);
    }

    /// <summary>Gives a packet back (emptied). The caller must not touch it afterwards.</summary>
    public void Return(EventPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        packet.Clear();
        if (Interlocked.Increment(ref _idleCount) <= MaxRetained)
        {
            _idle.Enqueue(packet);
        }
        else
        {
            Interlocked.Decrement(ref _idleCount);
        }
    }
}
