namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// Detects an event format from the first bytes of a stream: magic strings and headers decide; the
/// file extension only breaks ties between formats that have no magic (N-MNIST .bin versus text).
/// </summary>
public static class EventFormatDetector
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int PrefixBytes = 4096;

    public static EventFormat Detect(ReadOnlySpan<byte> prefix, string? extension)
    {
        string ext = (extension ?? string.Empty).TrimStart('.').ToLowerInvariant();
        if (prefix.StartsWith("#!AER-DAT2"u8))
        {
            return EventFormat.Aedat2;
        }

        if (prefix.StartsWith("#!AER-DAT3"u8))
        {
            return EventFormat.Aedat31;
        }

        if (prefix.StartsWith("#!AER-DAT4"u8))
        {
            return EventFormat.Aedat4;
        }

        if (prefix.StartsWith(Numpy.NpyHeader.Magic))
        {
            return EventFormat.Npy;
        }

        if (prefix.StartsWith("MATLAB"u8) || Mat.MatHdf5Parser.IsHdf5(prefix))
        {
            return EventFormat.Mat;
        }

        if (prefix.StartsWith("% "u8) || prefix.StartsWith("%\n"u8))
        {
            return DetectProphesee(prefix, ext);
        }

        if (ext is "bin" or "bs2")
        {
            return EventFormat.NmnistBin;
        }

        if (!prefix.IsEmpty && LooksLikeText(prefix))
        {
            return EventFormat.Text;
        }

        return ext switch
        {
            "txt" or "csv" => EventFormat.Text,
            _ => EventFormat.Unknown,
        };
    }

    /// <summary>Maps a user-facing name (also used by --format) to a format.</summary>
    public static EventFormat Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "evt2" or "evt2.0" => EventFormat.Evt2,
            "evt3" or "evt3.0" or "raw" => EventFormat.Evt3,
            "dat" => EventFormat.PropheseeDat,
            "aedat2" or "aedat" => EventFormat.Aedat2,
            "aedat31" or "aedat3" => EventFormat.Aedat31,
            "aedat4" => EventFormat.Aedat4,
            "bin" or "nmnist" or "bs2" => EventFormat.NmnistBin,
            "npy" => EventFormat.Npy,
            "mat" => EventFormat.Mat,
            "txt" or "text" or "csv" => EventFormat.Text,
            _ => EventFormat.Unknown,
        };
    }

    /// <summary>The name <c>inspect</c> prints for a format.</summary>
    public static string Name(EventFormat format) => format switch
    {
        EventFormat.Evt2 => "evt2",
        EventFormat.Evt3 => "evt3",
        EventFormat.PropheseeDat => "dat",
        EventFormat.Aedat2 => "aedat2",
        EventFormat.Aedat31 => "aedat31",
        EventFormat.Aedat4 => "aedat4",
        EventFormat.NmnistBin => "nmnist",
        EventFormat.Npy => "npy",
        EventFormat.Mat => "mat",
        EventFormat.Text => "text",
        _ => "unknown",
    };

    private static EventFormat DetectProphesee(ReadOnlySpan<byte> prefix, string ext)
    {
        string text = System.Text.Encoding.Latin1.GetString(prefix);
        foreach (string line in text.Split('\n'))
        {
            if (!line.StartsWith('%'))
            {
                break;
            }

            string body = line[1..].Trim();
            if (body.StartsWith("evt 3", StringComparison.Ordinal) || body.StartsWith("format EVT3", StringComparison.Ordinal))
            {
                return EventFormat.Evt3;
            }

            if (body.StartsWith("evt 2", StringComparison.Ordinal) || body.StartsWith("format EVT2", StringComparison.Ordinal))
            {
                return EventFormat.Evt2;
            }

            if (body.StartsWith("Data file containing", StringComparison.Ordinal))
            {
                return EventFormat.PropheseeDat;
            }
        }

        return ext == "dat" ? EventFormat.PropheseeDat : EventFormat.Evt3;
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> prefix)
    {
        int digits = 0;
        foreach (byte b in prefix)
        {
            if (b is (byte)'\n' or (byte)'\r' or (byte)'\t' || (b >= 0x20 && b < 0x7F))
            {
                digits += b is >= (byte)'0' and <= (byte)'9' ? 1 : 0;
                continue;
            }

            return false;
        }

        return digits > 0;
    }
}
