using Google.Protobuf;
using SpikeSeg.Core.Events;
using SpikeSeg.Host.ScaleOut;
using SpikeSeg.Streaming.Wire;

namespace SpikeSeg.Tests.Host.ScaleOut;

/// <summary>A processor that answers each batch with one frame counting its events; enough to test delivery guarantees.</summary>
internal sealed class CountingProcessor : ICameraProcessor
{
    public ulong? LastSequence { get; init; }

    public List<ulong> Processed { get; } = [];

    public ValueTask<FrameBatch> ProcessAsync(EventBatch batch, CancellationToken ct)
    {
        Processed.Add(batch.Sequence);
        var result = new FrameBatch { CameraId = batch.CameraId, Sequence = batch.Sequence, EventsProcessed = batch.Count, EndOfStream = batch.EndOfStream };
        result.Frames.Add(new Frame { Step = (long)batch.Sequence, TStartUs = batch.TStartUs, TEndUs = batch.TEndUs, Events = batch.Count });
        return ValueTask.FromResult(result);
    }

    public ValueTask CommittedAsync(ulong sequence, CancellationToken ct) => ValueTask.CompletedTask;
}

internal static class ScaleOutData
{
    public static EventBatch Batch(string camera, ulong sequence, bool last = false)
    {
        var packet = new EventPacket(16);
        for (int i = 0; i < 10; i++)
        {
            packet.Add(((long)sequence * 1000) + (i * 10), (int)((sequence + (ulong)i) % 240), i, (byte)(i & 1));
        }

        return EventBatchCodec.Encode(camera, sequence, packet, SensorGeometry.Davis240C, last);
    }

    public static async IAsyncEnumerable<EventBatch> Batches(string camera, int count, Func<ulong, Task>? onYield = null)
    {
        for (ulong s = 0; s < (ulong)count; s++)
        {
            yield return Batch(camera, s, s == (ulong)count - 1);
            if (onYield is not null)
            {
                await onYield(s);
            }
        }
    }

    public static byte[] Bytes(EventBatch batch) => batch.ToByteArray();
}
