using SpikeSeg.Core;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats.Writers;

/// <summary>Creates a writer for one of the output formats: EVT 3.0, AEDAT 4 (LZ4), .npy, text.</summary>
public static class EventWriters
{
    public static readonly IReadOnlyList<EventFormat> Writable = [EventFormat.Evt3, EventFormat.Aedat4, EventFormat.Npy, EventFormat.Text];

    /// <summary>Output format from a file name's extension (.raw → EVT 3.0, .aedat4, .npy, .txt/.csv); Unknown otherwise.</summary>
    public static EventFormat FormatFromExtension(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".raw" or ".evt3" => EventFormat.Evt3,
            ".aedat4" => EventFormat.Aedat4,
            ".npy" => EventFormat.Npy,
            ".txt" or ".csv" => EventFormat.Text,
            _ => EventFormat.Unknown,
        };

    public static IEventWriter Create(Stream stream, EventFormat format, SensorGeometry? geometry, bool ownsStream = true) => format switch
    {
        EventFormat.Evt3 => new Evt3Writer(stream, geometry, ownsStream),
        EventFormat.Aedat4 => new Aedat4Writer(stream, geometry, ownsStream),
        EventFormat.Npy => new NpyEventWriter(stream, ownsStream),
        EventFormat.Text => new TextEventWriter(stream, ownsStream),
        _ => throw new InvalidInputException($"cannot write format {EventFormatDetector.Name(format)}; writable: evt3, aedat4, npy, text"),
    };
}
