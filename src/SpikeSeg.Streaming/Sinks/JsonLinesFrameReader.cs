using System.Text.Json;
using SpikeSeg.Core;
using SpikeSeg.Core.Output;

namespace SpikeSeg.Streaming.Sinks;

/// <summary>Reads the frames that <see cref="JsonLinesFrameWriter"/> writes (evaluation, tests, the RabbitMQ gatherer).</summary>
public static class JsonLinesFrameReader
{
    public static IEnumerable<SegmentationFrame> ReadFile(string path)
    {
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            SegmentationFrame frame;
            try
            {
                frame = Parse(line);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidInputException($"{path}:{lineNumber}: not a SpikeSeg frame ({ex.Message})", ex);
            }

            yield return frame;
        }
    }

    public static SegmentationFrame Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        int schema = root.GetProperty("schema").GetInt32();
        if (schema != SegmentationFrame.SchemaVersion)
        {
            throw new FormatException($"schema {schema} is not supported (expected {SegmentationFrame.SchemaVersion})");
        }

        var instances = new List<FrameInstance>();
        foreach (var i in root.GetProperty("instances").EnumerateArray())
        {
            var bbox = i.GetProperty("bbox");
            var centroid = i.GetProperty("centroid");
            instances.Add(new FrameInstance(
                i.GetProperty("id").GetInt32(),
                i.GetProperty("class").GetInt32(),
                i.GetProperty("track").GetInt32(),
                i.GetProperty("track_confirmed").GetBoolean(),
                bbox[0].GetInt32(),
                bbox[1].GetInt32(),
                bbox[2].GetInt32(),
                bbox[3].GetInt32(),
                centroid[0].GetDouble(),
                centroid[1].GetDouble(),
                i.GetProperty("pixels").GetInt32()));
        }

        return new SegmentationFrame(
            root.GetProperty("stream").GetString() ?? "",
            root.GetProperty("step").GetInt64(),
            root.GetProperty("t_start_us").GetInt64(),
            root.GetProperty("t_end_us").GetInt64(),
            root.GetProperty("events").GetInt32(),
            instances);
    }
}
