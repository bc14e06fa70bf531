using System.Buffers.Binary;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Formats.Aedat4;
using SpikeSeg.Streaming.Formats.Writers;
using SpikeSeg.Streaming.Live;
using SpikeSeg.Tests.Streaming.Formats;

namespace SpikeSeg.Tests.Streaming.Live;

/// <summary>The AEDAT 4 TCP client against a server on 127.0.0.1 serving real samples, floods and garbage.</summary>
public sealed class Aedat4TcpSourceTests
{
    private const int MagicBytes = 14;

    [Theory]
    [InlineData("aedat4/aedat4_davis346_lz4_events_frames_imu_triggers.aedat4", true)]
    [InlineData("aedat4/aedat4_davis346_lz4_events_frames_imu_triggers.aedat4", false)]
    [InlineData("aedat4/aedat4_dvxplorer_320x240_lz4.aedat4", true)]
    [InlineData("aedat4/aedat4_dvxplorer_320x240_lz4.aedat4", false)]
    public async Task A_real_sample_served_over_tcp_yields_exactly_the_events_of_the_file(string sample, bool withFileMagic)
    {
        string path = EventReading.Real(sample);
        byte[] file = await File.ReadAllBytesAsync(path);
        EventPacket expected;
        using (var reader = EventReaders.Open(path))
        {
            expected = EventReading.ReadAll(reader);
        }

        await using var server = LoopbackTcpServer.ServeBytes(withFileMagic ? file : file[MagicBytes..]);
        var options = new LiveSourceOptions { QueueCapacity = 1_000_000 };
        await using var source = await LiveEventSource.ConnectAedat4Async("127.0.0.1", server.Port, options);
        var received = await LiveSourceDraining.DrainAsync(source);

        Assert.True(expected.Count > 1000, "the sample holds events");
        EventReading.AssertSame(expected, received);
        Assert.Equal(0, source.Queue.EventsShed);
        Assert.Equal(expected.Count, source.EventsRead);
        Assert.NotNull(source.Info.Geometry);
    }

    [Theory]
    [InlineData(ShedPolicy.DropOldest)]
    [InlineData(ShedPolicy.DropNewest)]
    public async Task A_fast_server_and_a_consumer_that_reads_only_at_the_end_keep_memory_bounded_and_every_event_counted(ShedPolicy policy)
    {
        const int Sent = 200_000;
        var events = LiveSourceDraining.Synthetic(Sent, 346, 260);
        await using var server = LoopbackTcpServer.Serve(stream =>
        {
            using var writer = new Aedat4Writer(stream, new SensorGeometry(346, 260), ownsStream: false);
            writer.Write(events);
            return Task.CompletedTask;
        });

        var options = new LiveSourceOptions { QueueCapacity = 4, ShedPolicy = policy, MaxEventsPerPacket = 1024 };
        await using var source = await LiveEventSource.ConnectAedat4Async("127.0.0.1", server.Port, options);

        // The slowest consumer there is: it reads nothing until the camera side has sent and decoded everything.
        await source.Completion;
        var received = await LiveSourceDraining.DrainAsync(source);

        Assert.Equal(Sent, source.EventsRead);
        Assert.Equal(Sent, received.Count + source.Queue.EventsShed);
        Assert.True(source.Queue.EventsShed > Sent / 2, $"only {source.Queue.EventsShed} events shed");
        Assert.True(source.Queue.MaxDepthObserved <= options.QueueCapacity);
        Assert.True(source.PacketsAllocated <= options.QueueCapacity + 2, $"{source.PacketsAllocated} packets allocated");
        long kept = policy == ShedPolicy.DropOldest ? events.LastTimestampUs : events.FirstTimestampUs;
        Assert.Equal(kept, policy == ShedPolicy.DropOldest ? received.LastTimestampUs : received.FirstTimestampUs);
    }

    [Fact]
    public async Task A_consumer_doing_heavy_work_while_the_server_floods_sees_ordered_packets_and_full_accounting()
    {
        const int Sent = 300_000;
        var events = LiveSourceDraining.Synthetic(Sent, 640, 480);
        await using var server = LoopbackTcpServer.Serve(stream =>
        {
            using var writer = new Aedat4Writer(stream, new SensorGeometry(640, 480), ownsStream: false);
            writer.Write(events);
            return Task.CompletedTask;
        });

        var options = new LiveSourceOptions { QueueCapacity = 2, MaxEventsPerPacket = 256 };
        await using var source = await LiveEventSource.ConnectAedat4Async("127.0.0.1", server.Port, options);
        long delivered = 0;
        long lastTimestamp = long.MinValue;
        ulong work = 0;
        await foreach (var packet in source.ReadAllAsync())
        {
            Assert.True(packet.FirstTimestampUs > lastTimestamp, "packets arrive in order, shed ones simply missing");
            lastTimestamp = packet.LastTimestampUs;
            delivered += packet.Count;
            for (int round = 0; round < 200; round++)
            {
                foreach (ushort x in packet.X)
                {
                    work = (work * 31) + x;
                }
            }

            source.Return(packet);
        }

        Assert.NotEqual(0UL, work);
        Assert.Equal(Sent, source.EventsRead);
        Assert.Equal(Sent, delivered + source.Queue.EventsShed);
        Assert.Equal(delivered, source.Queue.EventsDelivered);
        Assert.True(source.PacketsAllocated <= options.QueueCapacity + 3, $"{source.PacketsAllocated} packets allocated");
    }

    [Fact]
    public async Task Random_garbage_instead_of_an_ioheader_is_refused_with_a_clean_error()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 20; trial++)
        {
            byte[] garbage = new byte[random.Next(0, 3000)];
            random.NextBytes(garbage);
            await using var server = LoopbackTcpServer.ServeBytes(garbage);
            var error = await Record.ExceptionAsync(() => LiveEventSource.ConnectAedat4Async("127.0.0.1", server.Port));
            Assert.IsType<EventFormatException>(error);
        }
    }

    [Fact]
    public async Task Garbage_after_a_valid_header_ends_the_stream_with_a_format_error_after_the_good_packets()
    {
        byte[] file = await File.ReadAllBytesAsync(EventReading.Real("aedat4/aedat4_dvxplorer_320x240_lz4.aedat4"));
        int packetsStart = MagicBytes + 4 + BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(MagicBytes));
        var random = new Random(5);
        for (int trial = 0; trial < 10; trial++)
        {
            byte[] garbage = new byte[random.Next(8, 5000)];
            random.NextBytes(garbage);
            byte[] stream = [.. file.AsSpan(MagicBytes, packetsStart - MagicBytes), .. garbage];
            await using var server = LoopbackTcpServer.ServeBytes(stream);
            await using var source = await LiveEventSource.ConnectAedat4Async("127.0.0.1", server.Port);
            var (events, error) = await LiveSourceDraining.DrainCatchingAsync(source);
            Assert.IsType<EventFormatException>(error);
            Assert.Same(error, source.Error);
            Assert.Equal(events.Count, source.Queue.EventsDelivered);
        }
    }

    [Fact]
    public async Task A_stream_cut_anywhere_ends_cleanly_or_with_a_format_error_and_never_yields_more_than_it_was_sent()
    {
        string path = EventReading.Real("aedat4/aedat4_dvxplorer_320x240_lz4.aedat4");
        byte[] file = await File.ReadAllBytesAsync(path);
        using var whole = EventReaders.Open(path);
        int total = EventReading.ReadAll(whole).Count;
        var random = new Random(3);
        for (int trial = 0; trial < 12; trial++)
        {
            int cut = random.Next(MagicBytes, file.Length);
            await using var server = LoopbackTcpServer.ServeBytes(file[MagicBytes..cut]);
            LiveEventSource source;
            try
            {
                source = await LiveEventSource.ConnectAedat4Async("127.0.0.1", server.Port);
            }
            catch (EventFormatException)
            {
                continue; // cut inside the IOHeader
            }

            await using (source)
            {
                var (events, error) = await LiveSourceDraining.DrainCatchingAsync(source);
                Assert.True(error is null or EventFormatException, $"cut at {cut}: {error}");
                Assert.True(events.Count < total, $"cut at {cut} gave {events.Count} of {total} events");
            }
        }
    }

    [Fact]
    public async Task An_absurd_packet_size_is_refused_without_waiting_for_or_allocating_the_declared_bytes()
    {
        byte[] file = await File.ReadAllBytesAsync(EventReading.Real("aedat4/aedat4_dvxplorer_320x240_lz4.aedat4"));
        int packetsStart = MagicBytes + 4 + BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(MagicBytes));
        byte[] packetHeader = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(packetHeader, 0);
        BinaryPrimitives.WriteInt32LittleEndian(packetHeader.AsSpan(4), int.MaxValue);

        // The server keeps the connection open: the client must refuse the size itself, not wait for the bytes.
        var release = new TaskCompletionSource();
        await using var server = LoopbackTcpServer.Serve(async s =>
        {
            await s.WriteAsync(file.AsMemory(MagicBytes, packetsStart - MagicBytes));
            await s.WriteAsync(packetHeader);
            await release.Task;
        });
        await using var source = await LiveEventSource.ConnectAedat4Async("127.0.0.1", server.Port);
        var (events, error) = await LiveSourceDraining.DrainCatchingAsync(source);
        release.SetResult();

        var formatError = Assert.IsType<EventFormatException>(error);
        Assert.Contains("packet size", formatError.Message, StringComparison.Ordinal);
        Assert.Equal(0, events.Count);
    }

    [Fact]
    public async Task Connecting_to_a_closed_port_is_a_clean_input_error()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var error = await Record.ExceptionAsync(() => LiveEventSource.ConnectAedat4Async("127.0.0.1", port));
        Assert.IsType<InvalidInputException>(error);
    }

    [Fact]
    public void Magic_constant_matches_the_file_layout() => Assert.Equal(MagicBytes, Aedat4Reader.Magic.Length);
}
