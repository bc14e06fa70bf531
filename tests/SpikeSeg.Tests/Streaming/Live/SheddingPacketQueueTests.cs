using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Live;

namespace SpikeSeg.Tests.Streaming.Live;

public sealed class SheddingPacketQueueTests
{
    [Theory]
    [InlineData(ShedPolicy.DropOldest, 96)]
    [InlineData(ShedPolicy.DropNewest, 0)]
    public void A_full_queue_sheds_by_policy_and_counts_every_event(ShedPolicy policy, int firstKept)
    {
        var queue = new SheddingPacketQueue(4, policy);
        long written = 0;
        for (int i = 0; i < 100; i++)
        {
            var packet = PacketWith(i, (i % 7) + 1);
            written += packet.Count;
            Assert.True(queue.TryWrite(packet));
            Assert.True(queue.Depth <= 4);
        }

        queue.Complete();
        var kept = new List<long>();
        long delivered = 0;
        while (queue.TryRead(out var p))
        {
            kept.Add(p.FirstTimestampUs);
            delivered += p.Count;
        }

        Assert.Equal(Enumerable.Range(firstKept, 4).Select(i => (long)i), kept);
        Assert.Equal(4, queue.MaxDepthObserved);
        Assert.Equal(96, queue.PacketsShed);
        Assert.Equal(written, queue.EventsWritten);
        Assert.Equal(delivered, queue.EventsDelivered);
        Assert.Equal(written, delivered + queue.EventsShed);
        long expectedShed = Enumerable.Range(0, 100).Where(i => i < firstKept || i >= firstKept + 4).Sum(i => (long)((i % 7) + 1));
        Assert.Equal(expectedShed, queue.EventsShed);
    }

    [Fact]
    public void Shed_packets_go_back_to_the_pool_so_memory_stays_bounded()
    {
        var pool = new EventPacketPool(16, 8);
        var queue = new SheddingPacketQueue(4, ShedPolicy.DropOldest, pool);
        for (int i = 0; i < 1000; i++)
        {
            var packet = pool.Rent();
            packet.Add(i, 1, 1, Polarity.On);
            queue.TryWrite(packet);
        }

        // Four queued plus the one being written when the oldest is shed.
        Assert.True(pool.Created <= 5, $"{pool.Created} packets allocated");
        Assert.Equal(996, queue.PacketsShed);
    }

    [Fact]
    public async Task A_slow_consumer_never_blocks_the_producer_and_the_counts_add_up()
    {
        var queue = new SheddingPacketQueue(8, ShedPolicy.DropOldest);
        using var gate = new SemaphoreSlim(0);
        long processed = 0;
        long lastSeen = -1;
        var consumer = Task.Run(async () =>
        {
            while (true)
            {
                await gate.WaitAsync();
                if (!await queue.WaitToReadAsync())
                {
                    return;
                }

                while (queue.TryRead(out var p))
                {
                    Assert.True(p.FirstTimestampUs > lastSeen, "packets must arrive in order");
                    lastSeen = p.FirstTimestampUs;
                    processed += p.Count;
                    if (gate.CurrentCount == 0)
                    {
                        break;
                    }
                }
            }
        });

        long written = 0;
        for (int i = 0; i < 5000; i++)
        {
            var packet = PacketWith(i, (i % 5) + 1);
            written += packet.Count;
            Assert.True(queue.TryWrite(packet)); // returns at once whatever the consumer does
            if (i % 10 == 0)
            {
                gate.Release(); // the consumer may take one packet per ten written
            }
        }

        queue.Complete();
        gate.Release(1_000_000);
        await consumer;
        Assert.True(queue.MaxDepthObserved <= 8);
        Assert.True(queue.EventsShed > 0);
        Assert.Equal(written, processed + queue.EventsShed);
        Assert.Equal(processed, queue.EventsDelivered);
    }

    private static EventPacket PacketWith(long firstTimestampUs, int events)
    {
        var packet = new EventPacket(events);
        for (int k = 0; k < events; k++)
        {
            packet.Add(firstTimestampUs, k, k, Polarity.On);
        }

        return packet;
    }
}
