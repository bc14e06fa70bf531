using System.Globalization;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats;

/// <summary>The <c>% key value</c> ASCII header shared by Prophesee RAW and DAT files (event-formats.md §1, §2).</summary>
public static class PropheseeHeader
{
    private const int MaxHeaderBytes = 16 << 20;

    /// <summary>Reads header lines while the next byte is '%' (stopping after <c>% end</c>) into <paramref name="info"/>.</summary>
    public static void Read(EventByteSource source, EventStreamInfo info)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(info);
        long start = source.Position;
        while (source.Ensure(1) && source.Span[0] == (byte)'%')
        {
            if (source.Position - start > MaxHeaderBytes)
            {
                throw source.Error(source.Position, $"header longer than {MaxHeaderBytes} bytes");
            }

            string line = source.ReadLine(1 << 16)!;
            string body = line.Length > 1 ? line[1..].Trim() : string.Empty;
            if (body == "end")
            {
                break;
            }

            int space = body.IndexOf(' ', StringComparison.Ordinal);
            string key = space < 0 ? body : body[..space];
            string value = space < 0 ? string.Empty : body[(space + 1)..].Trim();
            if (key.Length > 0)
            {
                info.SetMetadata(key, value);
            }
        }

        info.Geometry ??= GeometryOf(info.Metadata);
    }

    /// <summary>The RAW encoding named by the header (<c>evt 3.0</c> or <c>format EVT3;...</c>), or Unknown.</summary>
    public static EventFormat RawEncodingOf(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.TryGetValue("evt", out string? evt))
        {
            return evt.Trim() switch
            {
                "2.0" or "2" => EventFormat.Evt2,
                "3.0" or "3" => EventFormat.Evt3,
                _ => EventFormat.Unknown,
            };
        }

        if (metadata.TryGetValue("format", out string? format))
        {
            string name = format.Split(';')[0].Trim().ToUpperInvariant();
            return name switch
            {
                "EVT2" or "EVT20" => EventFormat.Evt2,
                "EVT3" or "EVT30" => EventFormat.Evt3,
                _ => EventFormat.Unknown,
            };
        }

        return EventFormat.Unknown;
    }

    /// <summary>Geometry from <c>geometry WxH</c>, <c>format ...;width=W;height=H</c>, DAT Width/Height, or the sensor generation.</summary>
    public static SensorGeometry? GeometryOf(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.TryGetValue("geometry", out string? geometry))
        {
            string[] parts = geometry.Split('x');
            if (parts.Length == 2 && TryDimension(parts[0], out int w) && TryDimension(parts[1], out int h))
            {
                return new SensorGeometry(w, h);
            }
        }

        if (metadata.TryGetValue("format", out string? format))
        {
            int w = 0, h = 0;
            foreach (string option in format.Split(';'))
            {
                string[] kv = option.Split('=');
                if (kv.Length == 2 && kv[0].Trim() == "width")
                {
                    TryDimension(kv[1], out w);
                }
                else if (kv.Length == 2 && kv[0].Trim() == "height")
                {
                    TryDimension(kv[1], out h);
                }
            }

            if (w > 0 && h > 0)
            {
                return new SensorGeometry(w, h);
            }
        }

        if (metadata.TryGetValue("Width", out string? width) && metadata.TryGetValue("Height", out string? height)
            && TryDimension(width, out int dw) && TryDimension(height, out int dh))
        {
            return new SensorGeometry(dw, dh);
        }

        string plugin = metadata.GetValueOrDefault("plugin_name", string.Empty).ToUpperInvariant();
        if (plugin.Contains("GEN41", StringComparison.Ordinal) || plugin.Contains("IMX636", StringComparison.Ordinal) || plugin.Contains("GEN4", StringComparison.Ordinal))
        {
            return SensorGeometry.Gen4;
        }

        if (plugin.Contains("GEN3", StringComparison.Ordinal))
        {
            return new SensorGeometry(640, 480);
        }

        return null;
    }

    private static bool TryDimension(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is > 0 and <= 1 << 16;
}
