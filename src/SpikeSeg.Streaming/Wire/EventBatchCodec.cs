using System.Buffers.Binary;
using Google.Protobuf;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Wire;

/// <summary>Packs an <see cref="EventPacket"/> into an <see cref="EventBatch"/> message and back, validating everything it reads.</summary>
public static class EventBatchCodec
{
    public static EventBatch Encode(string cameraId, ulong sequence, EventPacket packet, SensorGeometry geometry, bool endOfStream = false)
    {
        ArgumentNullException.ThrowIfNull(packet);
        int n = packet.Count;
        long t0 = n == 0 ? 0 : packet.TimestampUs[0];
        var dt = new byte[n * 4];
        var x = new byte[n * 2];
        var y = new byte[n * 2];
        var p = new byte[n];
        var ts = packet.TimestampUs;
        for (int i = 0; i < n; i++)
        {
            long d = ts[i] - t0;
            if (d is < 0 or > uint.MaxValue)
            {
                throw new ArgumentException($"Event {i} is {d} µs from the batch start; a batch spans at most 2^32 µs in time order.", nameof(packet));
            }

            BinaryPrimitives.WriteUInt32LittleEndian(dt.AsSpan(i * 4), (uint)d);
            BinaryPrimitives.WriteUInt16LittleEndian(x.AsSpan(i * 2), packet.X[i]);
            BinaryPrimitives.WriteUInt16LittleEndian(y.AsSpan(i * 2), packet.Y[i]);
        }

        packet.Polarity.CopyTo(p);
        return new EventBatch
        {
            CameraId = cameraId,
            Sequence = sequence,
            TStartUs = t0,
            TEndUs = n == 0 ? 0 : ts[n - 1],
            Width = (uint)geometry.Width,
            Height = (uint)geometry.Height,
            Count = (uint)n,
            DtUs = ByteString.CopyFrom(dt),
            X = ByteString.CopyFrom(x),
            Y = ByteString.CopyFrom(y),
            Polarity = ByteString.CopyFrom(p),
            EndOfStream = endOfStream,
        };
    }

    /// <summary>Parses and validates a message body; malformed content is an <see cref="InvalidInputException"/> with the reason.</summary>
    public static EventBatch Parse(ReadOnlySpan<byte> body)
    {
        EventBatch batch;
        try
        {
            batch = EventBatch.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidInputException($"event batch: not a valid protobuf message ({ex.Message})", ex);
        }

        Validate(batch);
        return batch;
    }

    public static void Validate(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        long n = batch.Count;
        if (string.IsNullOrEmpty(batch.CameraId))
        {
            throw new InvalidInputException($"event batch {batch.Sequence}: camera_id is empty");
        }

        if (batch.DtUs.Length != n * 4 || batch.X.Length != n * 2 || batch.Y.Length != n * 2 || batch.Polarity.Length != n)
        {
            throw new InvalidInputException($"event batch {batch.CameraId}#{batch.Sequence}: column lengths do not match count {n}");
        }

        if (batch.Width is 0 or > ushort.MaxValue || batch.Height is 0 or > ushort.MaxValue)
        {
            throw new InvalidInputException($"event batch {batch.CameraId}#{batch.Sequence}: sensor size {batch.Width}x{batch.Height} is out of range");
        }
    }

    /// <summary>Appends the batch's events to <paramref name="into"/>; events outside the sensor are counted in the return value and skipped.</summary>
    public static int Decode(EventBatch batch, EventPacket into)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(into);
        Validate(batch);
        int n = (int)batch.Count;
        var dt = batch.DtUs.Span;
        var xs = batch.X.Span;
        var ys = batch.Y.Span;
        var ps = batch.Polarity.Span;
        int skipped = 0;
        long previous = long.MinValue;
        for (int i = 0; i < n; i++)
        {
            long t = batch.TStartUs + BinaryPrimitives.ReadUInt32LittleEndian(dt[(i * 4)..]);
            int x = BinaryPrimitives.ReadUInt16LittleEndian(xs[(i * 2)..]);
            int y = BinaryPrimitives.ReadUInt16LittleEndian(ys[(i * 2)..]);
            if (x >= batch.Width || y >= batch.Height || ps[i] > 1 || t < previous)
            {
                skipped++;
                continue;
            }

            previous = t;
            into.Add(t, x, y, ps[i]);
        }

        return skipped;
    }
}
