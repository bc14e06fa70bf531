using System.Buffers;
using System.Text.Json;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Host.Dashboard;

/// <summary>
/// The dashboard's WebSocket messages, UTF-8 JSON text frames, schema <see cref="Version"/> (docs/dashboard.md):
/// <c>hello</c> on connect, <c>frame</c> at up to the update rate, <c>learning</c> a few times a second. Pixel lists
/// and kernels travel as base64 bytes, boxes as number arrays, so a frame of a quiet sky is a few kilobytes.
/// </summary>
internal static class DashboardMessages
{
    public const int Version = 1;

    public static byte[] Hello(IEnumerable<DashboardFeed> feeds, double updatesPerSecond)
    {
        return Write(w =>
        {
            w.WriteString("type", "hello");
            w.WriteNumber("v", Version);
            w.WriteNumber("updatesPerSecond", updatesPerSecond);
            w.WriteStartArray("streams");
            foreach (var feed in feeds)
            {
                w.WriteStartObject();
                w.WriteString("stream", feed.Name);
                WriteGeometry(w, feed);
                w.WriteStartArray("history");
                foreach (var (timeS, c) in feed.Learning.History())
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(Math.Round(timeS, 3));
                    foreach (double v in c)
                    {
                        WriteNumberOrNull(w, v, 5);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    public static byte[] Frame(DashboardFrame frame, DashboardFeed feed, DashboardCounters counters, long slowClientDrops)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(counters);
        return Write(w =>
        {
            w.WriteString("type", "frame");
            w.WriteNumber("v", Version);
            w.WriteString("stream", frame.Stream);
            WriteGeometry(w, feed);
            w.WriteNumber("seq", frame.Seq);
            w.WriteNumber("firstStep", frame.FirstStep);
            w.WriteNumber("lastStep", frame.LastStep);
            w.WriteNumber("tStartUs", frame.TStartUs);
            w.WriteNumber("tEndUs", frame.TEndUs);
            w.WriteNumber("events", frame.Events);
            w.WriteNumber("instances", frame.Instances);
            var bytes = new byte[frame.Pixels.Length * 4];
            for (int i = 0; i < frame.Pixels.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), frame.Pixels[i]);
            }

            w.WriteBase64String("pixels", bytes);
            w.WriteNumber("pixelsDropped", frame.PixelsDropped);
            w.WriteStartArray("boxes");
            foreach (var b in frame.Boxes)
            {
                w.WriteStartArray();
                w.WriteNumberValue(b.X0);
                w.WriteNumberValue(b.Y0);
                w.WriteNumberValue(b.X1);
                w.WriteNumberValue(b.Y1);
                w.WriteNumberValue(b.Track);
                w.WriteNumberValue(b.Confirmed ? 1 : 0);
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteStartObject("counters");
            w.WriteNumber("events", counters.EventsIn);
            w.WriteNumber("steps", counters.Steps);
            w.WriteNumber("instances", counters.Instances);
            w.WriteNumber("restarts", counters.Restarts);
            w.WriteNumber("skips", counters.StepsSkipped);
            w.WriteNumber("sheds", counters.EventsShed);
            w.WriteNumber("dropped", counters.EventsDropped);
            w.WriteNumber("updatesStale", feed.FramesStale);
            w.WriteNumber("updatesSlowClient", slowClientDrops);
            w.WriteEndObject();
        });
    }

    public static byte[] Learning(LearningSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return Write(w =>
        {
            w.WriteString("type", "learning");
            w.WriteNumber("v", Version);
            w.WriteString("stream", sample.Stream);
            w.WriteNumber("timeS", Math.Round(sample.TimeS, 3));
            w.WriteStartArray("layers");
            foreach (var layer in sample.Layers)
            {
                w.WriteStartObject();
                w.WriteString("name", layer.Name);
                w.WriteNumber("version", layer.Version);
                w.WritePropertyName("convergence");
                WriteNumberOrNull(w, layer.Convergence, 5);
                w.WritePropertyName("spikesPerSecond");
                WriteNumberOrNull(w, layer.SpikesPerSecond, 1);
                if (layer.Weights is { } weights)
                {
                    WriteKernels(w, weights);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>Weights as bytes 0–255 over the layer's own [min, max], OIHW order.</summary>
    private static void WriteKernels(Utf8JsonWriter w, ConvWeightsSnapshot weights)
    {
        var oihw = weights.Oihw;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in oihw)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        if (oihw.IsEmpty)
        {
            min = max = 0;
        }

        float range = max > min ? max - min : 1;
        var bytes = new byte[oihw.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Math.Clamp(MathF.Round((oihw[i] - min) / range * 255f), 0, 255);
        }

        w.WriteStartObject("kernels");
        w.WriteNumber("out", weights.OutChannels);
        w.WriteNumber("in", weights.InChannels);
        w.WriteNumber("k", weights.Kernel);
        w.WriteNumber("min", min);
        w.WriteNumber("max", max);
        w.WriteBase64String("data", bytes);
        w.WriteEndObject();
    }

    private static void WriteGeometry(Utf8JsonWriter w, DashboardFeed feed)
    {
        w.WriteStartArray("sensor");
        w.WriteNumberValue(feed.Sensor.Width);
        w.WriteNumberValue(feed.Sensor.Height);
        w.WriteEndArray();
        w.WriteStartArray("input");
        w.WriteNumberValue(feed.InputWidth);
        w.WriteNumberValue(feed.InputHeight);
        w.WriteEndArray();
        w.WriteNumber("stepUs", feed.StepUs);
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, double value, int digits)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(Math.Round(value, digits));
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
