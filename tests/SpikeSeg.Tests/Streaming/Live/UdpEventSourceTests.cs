using System.Net;
using System.Net.Sockets;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Randomness;
using SpikeSeg.Streaming.Live;

namespace SpikeSeg.Tests.Streaming.Live;

/// <summary>Real sockets on 127.0.0.1. Waits are barriers on the source's own accounting, never sleeps.</summary>
public sealed class UdpEventSourceTests
{
    /// <summary>Hang guard only: every wait here completes as soon as the source has caught up.</summary>
    private static CancellationToken Guard() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Theory]
    [InlineData(ShedPolicy.DropOldest)]
    [InlineData(ShedPolicy.DropNewest)]
    public async Task Fast_producer_and_slow_consumer_keep_memory_bounded_and_every_event_is_accounted(ShedPolicy policy)
    {
        const int Capacity = 8;
        const int Bursts = 40;
        const int PacketsPerBurst = 20;
        const int EventsPerPacket = 50;
        var sensor = new SensorGeometry(240, 180);
        await using var source = UdpEventSource.Start(new UdpSourceOptions
        {
            Sensor = sensor,
            QueueCapacity = Capacity,
            ShedPolicy = policy,
            CompleteOnEndOfStream = true,
        });
        using var sender = new UdpEventSender(source.LocalEndPoint, maxEventsPerDatagram: EventsPerPacket);

        // Event k of the stream has timestamp k and a position derived from k, so every delivered event can be
        // checked against what was sent.
        static (int X, int Y, byte P) Expected(long k) => ((int)(k % 240), (int)(k / 240 % 180), (byte)(k % 3 == 0 ? 1 : 0));

        using var gate = new SemaphoreSlim(0);
        long processed = 0;
        var consumer = Task.Run(async () =>
        {
            await foreach (var packet in source.ReadAllAsync())
            {
                await gate.WaitAsync(); // deliberately slow: one packet per burst until the end
                for (int i = 0; i < packet.Count; i++)
                {
                    long k = packet.TimestampUs[i];
                    Assert.Equal(Expected(k), (packet.X[i], packet.Y[i], packet.Polarity[i]));
                }

                processed += packet.Count;
                source.Return(packet);
            }
        });

        var packetToSend = new EventPacket(EventsPerPacket);
        long next = 0;
        for (int b = 0; b < Bursts; b++)
        {
            for (int p = 0; p < PacketsPerBurst; p++)
            {
                packetToSend.Clear();
                for (int e = 0; e < EventsPerPacket; e++, next++)
                {
                    var (x, y, pol) = Expected(next);
                    packetToSend.Add(next, x, y, pol);
                }

                sender.Send(packetToSend);
                Assert.True(source.Queue.Depth <= Capacity);
            }

            sender.SendHeartbeat();
            await source.WaitForSenderAsync(sender.SenderId, sender.EventsSent, Guard());
            Assert.True(source.Queue.Depth <= Capacity);
            gate.Release();
        }

        sender.SendEndOfStream();
        await source.Completion.WaitAsync(Guard());
        gate.Release(1_000_000);
        await consumer.WaitAsync(Guard());

        long sent = (long)sender.EventsSent;
        Assert.Equal(Bursts * PacketsPerBurst * EventsPerPacket, sent);
        Assert.Equal(sent, source.EventsReceived + source.EventsLost);
        Assert.Equal(source.EventsReceived, processed + source.Queue.EventsShed);
        Assert.True(source.Queue.MaxDepthObserved <= Capacity, $"queue depth reached {source.Queue.MaxDepthObserved}");
        Assert.True(source.Queue.EventsShed > 0, "a consumer this slow must cause shedding");
        Assert.True(processed > 0);

        // Memory: the queue's packets, the one being decoded and the one the consumer holds, recycled.
        Assert.True(source.PacketsAllocated <= Capacity + 3, $"{source.PacketsAllocated} packets allocated");
        Assert.Equal(0, source.DatagramsMalformed);
    }

    [Fact]
    public async Task Lost_datagrams_are_counted_from_sequence_gaps()
    {
        await using var source = UdpEventSource.Start(new UdpSourceOptions { Sensor = new SensorGeometry(1280, 720) });
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var builder = new UdpDatagramBuilder(77, maxEventsPerDatagram: 30);
        var r = new DeterministicRandom(4);
        var skip = new HashSet<long> { 0, 3, 10, 11 };
        long sent = 0, lostEvents = 0, lostDatagrams = 0;
        var packet = new EventPacket();
        for (int i = 0; i < 20; i++)
        {
            packet.Clear();
            int n = r.NextInt(1, 31);
            for (int e = 0; e < n; e++)
            {
                packet.Add((i * 1000) + e, r.NextInt(1280), r.NextInt(720), (byte)r.NextInt(2));
            }

            builder.Frame(packet, d =>
            {
                if (skip.Contains(builder.DatagramsFramed - 1))
                {
                    lostEvents += n;
                    lostDatagrams++;
                }
                else
                {
                    raw.SendTo(d, SocketFlags.None, source.LocalEndPoint);
                }
            });
            sent += n;
        }

        // The last data datagram is lost too; only the heartbeat after it reveals that.
        packet.Clear();
        packet.Add(99_000, 1, 1, Polarity.On);
        builder.Frame(packet, _ => { });
        sent++;
        lostEvents++;
        lostDatagrams++;
        builder.FrameEmpty(UdpFrameFlags.None, d => raw.SendTo(d, SocketFlags.None, source.LocalEndPoint));

        await source.WaitForSenderAsync(77, (ulong)sent, Guard());
        Assert.Equal(lostDatagrams, source.DatagramsLost);
        Assert.Equal(lostEvents, source.EventsLost);
        Assert.Equal(sent, source.EventsReceived + source.EventsLost);
        Assert.Equal(source.EventsReceived, source.Queue.EventsWritten);
    }

    [Fact]
    public async Task Garbage_and_late_datagrams_are_counted_and_skipped()
    {
        var sensor = new SensorGeometry(64, 48);
        await using var source = UdpEventSource.Start(new UdpSourceOptions { Sensor = sensor });
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        void Send(ReadOnlySpan<byte> d) => raw.SendTo(d, SocketFlags.None, source.LocalEndPoint);

        var r = new DeterministicRandom(8);
        byte[] noise = new byte[200];
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = (byte)r.NextInt(256);
        }

        Send(noise);
        Send("SSEV"u8);
        Send([]);

        var builder = new UdpDatagramBuilder(5, 10);
        var packet = new EventPacket();
        for (int i = 0; i < 10; i++)
        {
            packet.Add(i, i, i, Polarity.On);
        }

        byte[] first = [];
        builder.Frame(packet, d => first = d.ToArray());
        Send(first);
        Send(first); // duplicate: late

        byte[] truncated = [];
        builder.Frame(packet, d => truncated = d[..^3].ToArray()); // its events will show up as lost

        var outside = new EventPacket();
        outside.Add(50, 63, 48, Polarity.On); // y = 48 is outside 64×48
        byte[] outOfSensor = [];
        builder.Frame(outside, d => outOfSensor = d.ToArray());
        Send(truncated);
        Send(outOfSensor);

        builder.Frame(packet, d => Send(d));
        builder.FrameEmpty(UdpFrameFlags.None, d => Send(d));
        await source.WaitForSenderAsync(5, builder.EventsFramed, Guard());

        Assert.Equal(5, source.DatagramsMalformed); // noise, bare magic, empty, truncated, out of sensor
        Assert.Equal(1, source.DatagramsLate);
        Assert.Equal(20, source.EventsReceived);
        Assert.Equal(11, source.EventsLost);
        Assert.Equal(2, source.DatagramsLost);
        Assert.Equal((long)builder.EventsFramed, source.EventsReceived + source.EventsLost);
    }

    [Fact]
    public async Task Binds_loopback_by_default_and_stopping_completes_the_stream()
    {
        var source = UdpEventSource.Start(new UdpSourceOptions());
        Assert.Equal(IPAddress.Loopback, source.LocalEndPoint.Address);
        Assert.NotEqual(0, source.LocalEndPoint.Port);
        await source.DisposeAsync();
        await source.Completion;
        var packets = new List<EventPacket>();
        await foreach (var p in source.ReadAllAsync(Guard()))
        {
            packets.Add(p);
        }

        Assert.Empty(packets);
    }
}
