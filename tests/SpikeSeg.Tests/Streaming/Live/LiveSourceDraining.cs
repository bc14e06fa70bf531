using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Live;

namespace SpikeSeg.Tests.Streaming.Live;

/// <summary>Test helpers: drain a live source into one packet, giving every packet back to its pool.</summary>
internal static class LiveSourceDraining
{
    public static async Task<EventPacket> DrainAsync(LiveEventSource source)
    {
        var all = new EventPacket(16);
        await foreach (var packet in source.ReadAllAsync())
        {
            all.CopyFrom(packet, 0, packet.Count);
            source.Return(packet);
        }

        return all;
    }

    /// <summary>Drains and returns the error the stream ended with (null for a clean end).</summary>
    public static async Task<(EventPacket Events, Exception? Error)> DrainCatchingAsync(LiveEventSource source)
    {
        var all = new EventPacket(16);
        try
        {
            await foreach (var packet in source.ReadAllAsync())
            {
                all.CopyFrom(packet, 0, packet.Count);
                source.Return(packet);
            }

            return (all, null);
        }
        catch (Exception ex)
        {
            return (all, ex);
        }
    }

    public static EventPacket Synthetic(int count, int width, int height)
    {
        var packet = new EventPacket(count);
        for (int i = 0; i < count; i++)
        {
            packet.Add(1_000_000 + (i * 3L), (i * 7) % width, (i * 13) % height, (byte)(i % 3 == 0 ? 1 : 0));
        }

        return packet;
    }
}
