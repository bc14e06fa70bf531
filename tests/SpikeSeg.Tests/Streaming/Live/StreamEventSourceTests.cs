using System.IO.Pipes;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Formats.Writers;
using SpikeSeg.Streaming.Live;
using SpikeSeg.Tests.Streaming.Formats;

namespace SpikeSeg.Tests.Streaming.Live;

/// <summary>EVT 2/3 piped in live (an OS pipe, as stdin is) through <see cref="LiveEventSource.FromStreamAsync"/>.</summary>
public sealed class StreamEventSourceTests
{
    [Theory]
    [InlineData("evt2/prophesee_evt2_gen3_sample.raw", 997)]
    [InlineData("evt3/prophesee_evt3_gen41_sample.raw", 4096)]
    public async Task A_real_recording_piped_in_small_writes_yields_exactly_the_events_of_the_file(string sample, int writeBytes)
    {
        string path = EventReading.Real(sample);
        EventPacket expected;
        using (var reader = EventReaders.Open(path))
        {
            expected = EventReading.ReadAll(reader);
        }

        byte[] bytes = await File.ReadAllBytesAsync(path);
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var readEnd = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
        var writing = WriteInPiecesAsync(pipe, bytes, writeBytes);
        await using var source = await LiveEventSource.FromStreamAsync(readEnd, "stdin", new LiveSourceOptions { QueueCapacity = 1_000_000 });
        var received = await LiveSourceDraining.DrainAsync(source);
        await writing;

        EventReading.AssertSame(expected, received);
        Assert.Equal(expected.Count, source.EventsRead);
        Assert.Equal(0, source.Queue.EventsShed);
    }

    [Theory]
    [InlineData(ShedPolicy.DropOldest)]
    [InlineData(ShedPolicy.DropNewest)]
    public async Task A_flood_on_the_pipe_and_a_consumer_that_reads_only_at_the_end_keep_memory_bounded_and_every_event_counted(ShedPolicy policy)
    {
        const int Sent = 150_000;
        var events = LiveSourceDraining.Synthetic(Sent, 640, 480);
        using var encoded = new MemoryStream();
        using (var writer = new Evt3Writer(encoded, new SensorGeometry(640, 480), ownsStream: false))
        {
            writer.Write(events);
        }

        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var readEnd = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
        var writing = WriteInPiecesAsync(pipe, encoded.ToArray(), 65536);
        var options = new LiveSourceOptions { QueueCapacity = 3, ShedPolicy = policy, MaxEventsPerPacket = 512 };
        await using var source = await LiveEventSource.FromStreamAsync(readEnd, "stdin", options, EventFormat.Evt3);
        await writing;
        await source.Completion;
        var received = await LiveSourceDraining.DrainAsync(source);

        Assert.Equal(Sent, source.EventsRead);
        Assert.Equal(Sent, received.Count + source.Queue.EventsShed);
        Assert.True(source.Queue.EventsShed > Sent / 2, $"only {source.Queue.EventsShed} events shed");
        Assert.True(source.PacketsAllocated <= options.QueueCapacity + 2, $"{source.PacketsAllocated} packets allocated");
        Assert.True(received.Count <= options.QueueCapacity * options.MaxEventsPerPacket);
        long kept = policy == ShedPolicy.DropOldest ? events.LastTimestampUs : events.FirstTimestampUs;
        Assert.Equal(kept, policy == ShedPolicy.DropOldest ? received.LastTimestampUs : received.FirstTimestampUs);
    }

    [Fact]
    public async Task Garbage_on_the_stream_ends_in_an_input_error_or_a_clean_end_never_another_exception()
    {
        var random = new Random(17);
        for (int trial = 0; trial < 40; trial++)
        {
            byte[] garbage = new byte[random.Next(0, 20_000)];
            random.NextBytes(garbage);
            if (trial % 2 == 0)
            {
                "% evt 3.0\n% end\n"u8.CopyTo(garbage.AsSpan(0, Math.Min(garbage.Length, 17)));
            }

            LiveEventSource source;
            try
            {
                source = await LiveEventSource.FromStreamAsync(new MemoryStream(garbage), "stdin", format: trial % 2 == 0 ? EventFormat.Evt3 : EventFormat.Unknown);
            }
            catch (InvalidInputException)
            {
                continue;
            }

            await using (source)
            {
                var (events, error) = await LiveSourceDraining.DrainCatchingAsync(source);
                Assert.True(error is null or InvalidInputException, $"trial {trial}: {error}");
                Assert.Equal(source.EventsRead, events.Count);
            }
        }
    }

    [Fact]
    public async Task Disposing_while_the_pipe_writer_is_still_open_returns_and_the_reader_ends_when_the_pipe_closes()
    {
        using var encoded = new MemoryStream();
        using (var writer = new Evt3Writer(encoded, new SensorGeometry(640, 480), ownsStream: false))
        {
            writer.Write(LiveSourceDraining.Synthetic(5000, 640, 480));
        }

        var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var readEnd = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
        await pipe.WriteAsync(encoded.ToArray());
        await pipe.FlushAsync();
        var source = await LiveEventSource.FromStreamAsync(readEnd, "stdin", new LiveSourceOptions { ReadWindowBytes = 1024 }, EventFormat.Evt3);
        await foreach (var packet in source.ReadAllAsync())
        {
            source.Return(packet);
            break; // the camera side is alive and blocked on the open pipe
        }

        await source.DisposeAsync();
        await pipe.DisposeAsync();
        await source.Completion;
        // Everything piped before the disposal was decoded and handed off although the consumer stopped at one packet.
        Assert.Equal(5000, source.EventsRead);
        Assert.Equal(source.EventsRead, source.Queue.EventsWritten);
    }

    [Fact]
    public void Settings_out_of_range_are_refused_with_a_message_naming_the_setting()
    {
        var error = Assert.Throws<InvalidInputException>(() => new LiveSourceOptions { QueueCapacity = 0 }.Validate());
        Assert.Contains("queue capacity", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<InvalidInputException>(() => new LiveSourceOptions { ShedPolicy = (ShedPolicy)9 }.Validate());
        Assert.Contains("shed policy", error.Message, StringComparison.Ordinal);
    }

    private static async Task WriteInPiecesAsync(Stream pipe, byte[] bytes, int pieceBytes)
    {
        for (int at = 0; at < bytes.Length; at += pieceBytes)
        {
            await pipe.WriteAsync(bytes.AsMemory(at, Math.Min(pieceBytes, bytes.Length - at)));
        }

        pipe.Dispose();
    }
}
