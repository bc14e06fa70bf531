using SpikeSeg.Streaming.Formats.Aedat4;
using SpikeSeg.Streaming.Formats.Mat;

namespace SpikeSeg.Streaming.Formats;

/// <summary>Opens the right reader for a file, stdin ("-") or any stream, detecting the format by content.</summary>
public static class EventReaders
{
    /// <summary>Header key our EVT 3.0 writer uses to keep absolute timestamps beyond the 24-bit counter.</summary>
    public const string Evt3TimeBaseKey = "spikeseg_t_base_us";

    public static IEventReader Open(string path, EventFormat format = EventFormat.Unknown)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == "-")
        {
            return Open(Console.OpenStandardInput(), "stdin", format, null);
        }

        Stream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EventFormatException(path, 0, $"cannot open: {ex.Message}");
        }

        try
        {
            return Open(stream, path, format, Path.GetExtension(path));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens a reader over <paramref name="stream"/> (which the reader then owns).</summary>
    public static IEventReader Open(Stream stream, string sourceName, EventFormat format = EventFormat.Unknown, string? extension = null)
        => Open(stream, sourceName, format, extension, EventByteSource.DefaultWindowBytes);

    /// <summary>
    /// As <see cref="Open(Stream, string, EventFormat, string?)"/> with a chosen read window: live sources use a
    /// small one so a record reader hands events on after a few KiB instead of waiting for half a MiB.
    /// </summary>
    public static IEventReader Open(Stream stream, string sourceName, EventFormat format, string? extension, int windowBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var source = new EventByteSource(stream, sourceName, ownsStream: true, windowBytes);
        if (format == EventFormat.Unknown)
        {
            source.Ensure(EventFormatDetector.PrefixBytes);
            var prefix = source.Span[..Math.Min(source.Available, EventFormatDetector.PrefixBytes)];
            format = EventFormatDetector.Detect(prefix, extension ?? Path.GetExtension(sourceName));
            if (format == EventFormat.Unknown)
            {
                throw source.Error(0, prefix.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'H', (byte)'D', (byte)'F']) || (prefix.Length > 520 && prefix[512..].StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'H', (byte)'D', (byte)'F']))
                    ? "the HDF5 signature is damaged"
                    : "cannot detect the event format from the content; name it with --format");
            }
        }

        return OpenDetected(source, format);
    }

    private static IEventReader OpenDetected(EventByteSource source, EventFormat format)
    {
        switch (format)
        {
            case EventFormat.Evt2:
            case EventFormat.Evt3:
            case EventFormat.PropheseeDat:
                return OpenProphesee(source, format);
            case EventFormat.Aedat2:
                return Aedat2Reader.Open(source, new EventStreamInfo(format, source.Name));
            case EventFormat.Aedat31:
                return Aedat31Reader.Open(source, new EventStreamInfo(format, source.Name));
            case EventFormat.Aedat4:
                return Aedat4Reader.Open(source, new EventStreamInfo(format, source.Name));
            case EventFormat.NmnistBin:
                return new NmnistReader(source, new EventStreamInfo(format, source.Name) { Geometry = Core.Events.SensorGeometry.Atis });
            case EventFormat.Npy:
                return NpyEventReader.Open(source, new EventStreamInfo(format, source.Name));
            case EventFormat.Mat:
                return MatEventReader.Open(source, new EventStreamInfo(format, source.Name));
            case EventFormat.Text:
                return new TextEventReader(source, new EventStreamInfo(format, source.Name));
            default:
                throw source.Error(0, $"format {format} cannot be read");
        }
    }

    private static IEventReader OpenProphesee(EventByteSource source, EventFormat requested)
    {
        var metadata = new EventStreamInfo(requested, source.Name);
        PropheseeHeader.Read(source, metadata);
        var encoding = PropheseeHeader.RawEncodingOf(metadata.Metadata);
        bool isDat = metadata.Metadata.ContainsKey("Data file containing") || (encoding == EventFormat.Unknown && requested == EventFormat.PropheseeDat);
        if (!isDat && encoding == EventFormat.Unknown)
        {
            // No evt/format key: Gen3 sensors default to EVT 2.0, later generations to EVT 3.0 (event-formats.md §1).
            bool gen3 = metadata.Metadata.GetValueOrDefault("plugin_name", string.Empty).Contains("gen3", StringComparison.OrdinalIgnoreCase);
            encoding = gen3 ? EventFormat.Evt2 : requested == EventFormat.Evt2 ? EventFormat.Evt2 : EventFormat.Evt3;
        }

        var format = isDat ? EventFormat.PropheseeDat : encoding;
        var info = new EventStreamInfo(format, source.Name) { Geometry = metadata.Geometry };
        foreach (var (key, value) in metadata.Metadata)
        {
            info.SetMetadata(key, value);
        }

        switch (format)
        {
            case EventFormat.PropheseeDat:
                return DatReader.Open(source, info);
            case EventFormat.Evt2:
                return new Evt2Reader(source, info);
            default:
                long timeBase = 0;
                if (info.Metadata.TryGetValue(Evt3TimeBaseKey, out string? baseText)
                    && !long.TryParse(baseText, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out timeBase))
                {
                    throw source.Error(0, $"header {Evt3TimeBaseKey} '{baseText}' is not an integer");
                }

                return new Evt3Reader(source, info, timeBase);
        }
    }
}
