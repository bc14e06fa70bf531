using System.Text.Json;
using SpikeSeg.Core.Output;

namespace SpikeSeg.Streaming.Sinks;

/// <summary>
/// Writes <see cref="SegmentationFrame"/>s as JSON Lines, one object per step (docs/output-schema.md).
/// Field names are snake_case and stable; numbers are written invariantly.
/// </summary>
public sealed class JsonLinesFrameWriter : IDisposable, IAsyncDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Stream _output;
    private readonly bool _ownsStream;
    private readonly Utf8JsonWriter _json;

    public JsonLinesFrameWriter(Stream output, bool ownsStream = true)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _ownsStream = ownsStream;
        _json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, SkipValidation = false });
    }

    public long FramesWritten { get; private set; }

    public static JsonLinesFrameWriter Create(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16), ownsStream: true);

    public void Write(SegmentationFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        WriteObject(_json, frame);
        _json.Flush();
        _json.Reset();
        _output.Write(NewLine);
        FramesWritten++;
    }

    public static string ToJson(SegmentationFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteObject(json, frame);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void Flush() => _output.Flush();

    public void Dispose()
    {
        _json.Dispose();
        _output.Flush();
        if (_ownsStream)
        {
            _output.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync().ConfigureAwait(false);
        await _output.FlushAsync().ConfigureAwait(false);
        if (_ownsStream)
        {
            await _output.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void WriteObject(Utf8JsonWriter json, SegmentationFrame frame)
    {
        json.WriteStartObject();
        json.WriteNumber("schema", SegmentationFrame.SchemaVersion);
        json.WriteString("stream", frame.Stream);
        json.WriteNumber("step", frame.Step);
        json.WriteNumber("t_start_us", frame.TStartUs);
        json.WriteNumber("t_end_us", frame.TEndUs);
        json.WriteNumber("events", frame.Events);
        json.WriteStartArray("instances");
        foreach (var i in frame.Instances)
        {
            json.WriteStartObject();
            json.WriteNumber("id", i.Id);
            json.WriteNumber("class", i.ClassId);
            json.WriteNumber("track", i.Track);
            json.WriteBoolean("track_confirmed", i.TrackConfirmed);
            json.WriteStartArray("bbox");
            json.WriteNumberValue(i.X0);
            json.WriteNumberValue(i.Y0);
            json.WriteNumberValue(i.X1);
            json.WriteNumberValue(i.Y1);
            json.WriteEndArray();
            json.WriteStartArray("centroid");
            json.WriteNumberValue(Math.Round(i.CentroidX, 3));
            json.WriteNumberValue(Math.Round(i.CentroidY, 3));
            json.WriteEndArray();
            json.WriteNumber("pixels", i.Pixels);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
