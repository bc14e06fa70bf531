using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Live;

namespace SpikeSeg.Host.Service.Sources;

/// <summary>
/// Reads a live source's hand-off queue one packet at a time and gives each packet back to the source's pool on
/// the next read, which is when <see cref="IEventSource.ReadAsync"/>'s contract lets go of it. An input error
/// that ended the source is raised after the packets before it.
/// </summary>
internal sealed class QueuedPacketReader(SheddingPacketQueue queue, Action<EventPacket> returnToPool)
{
    private EventPacket? _lent;

    /// <summary>Highest timestamp handed out so far (µs).</summary>
    public long EventTimeUs { get; private set; }

    public async ValueTask<EventPacket?> ReadAsync(CancellationToken ct)
    {
        GiveBack();
        EventPacket? packet;
        while (!queue.TryRead(out packet))
        {
            if (!await queue.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                return null;
            }
        }

        _lent = packet;
        if (packet.Count > 0)
        {
            EventTimeUs = Math.Max(EventTimeUs, packet.LastTimestampUs);
        }

        return packet;
    }

    /// <summary>Returns the packet still lent out, if any.</summary>
    public void GiveBack()
    {
        if (_lent is not null)
        {
            returnToPool(_lent);
            _lent = null;
        }
    }
}
