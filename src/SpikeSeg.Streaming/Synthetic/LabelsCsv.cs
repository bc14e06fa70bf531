using System.Globalization;
using System.Text;
using SpikeSeg.Core;

namespace SpikeSeg.Streaming.Synthetic;

/// <summary>
/// The labels CSV of design.md §6: header <c>t_us,object_id,x,y</c>, one row per labelled object position,
/// invariant culture, positions to 1/1000 pixel. The reader accepts LF or CRLF and refuses anything else with
/// the line number and the problem.
/// </summary>
public static class LabelsCsv
{
    public const string Header = "t_us,object_id,x,y";

    /// <summary>Longest line the reader accepts; a real row is under 60 characters.</summary>
    public const int MaxLineChars = 256;

    public static void Write(TextWriter writer, IEnumerable<LabelRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.Write(Header);
        writer.Write('\n');
        foreach (var row in rows)
        {
            WriteRow(writer, row);
        }
    }

    public static void WriteHeader(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Header);
        writer.Write('\n');
    }

    public static void WriteRow(TextWriter writer, LabelRow row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"{row.TimestampUs},{row.ObjectId},{row.X:0.###},{row.Y:0.###}\n"));
    }

    public static List<LabelRow> Read(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<LabelRow>();
        var line = new StringBuilder(64);
        int lineNumber = 0;
        while (ReadLine(reader, line, sourceName, lineNumber + 1))
        {
            lineNumber++;
            string text = line.ToString();
            if (lineNumber == 1)
            {
                if (text != Header)
                {
                    throw Bad(sourceName, lineNumber, $"header is '{Truncate(text)}', expected '{Header}'");
                }

                continue;
            }

            if (text.Length == 0)
            {
                continue;
            }

            rows.Add(ParseRow(text, sourceName, lineNumber));
        }

        if (lineNumber == 0)
        {
            throw new InvalidInputException($"{sourceName}: empty, expected the header '{Header}'");
        }

        return rows;
    }

    public static List<LabelRow> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, path);
    }

    public static void WriteFile(string path, IEnumerable<LabelRow> rows)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, rows);
    }

    private static LabelRow ParseRow(string text, string sourceName, int lineNumber)
    {
        string[] fields = text.Split(',');
        if (fields.Length != 4)
        {
            throw Bad(sourceName, lineNumber, $"{fields.Length} fields, expected 4 ({Header})");
        }

        if (!long.TryParse(fields[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long t))
        {
            throw Bad(sourceName, lineNumber, $"t_us '{Truncate(fields[0])}' is not an integer");
        }

        if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int id))
        {
            throw Bad(sourceName, lineNumber, $"object_id '{Truncate(fields[1])}' is not a non-negative integer");
        }

        double x = ParseCoordinate(fields[2], "x", sourceName, lineNumber);
        double y = ParseCoordinate(fields[3], "y", sourceName, lineNumber);
        return new LabelRow(t, id, x, y);
    }

    private static double ParseCoordinate(string field, string name, string sourceName, int lineNumber)
    {
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw Bad(sourceName, lineNumber, $"{name} '{Truncate(field)}' is not a finite number");
        }

        return value;
    }

    /// <summary>Reads one line into <paramref name="line"/> (without CR/LF); refuses lines longer than <see cref="MaxLineChars"/>.</summary>
    private static bool ReadLine(TextReader reader, StringBuilder line, string sourceName, int lineNumber)
    {
        line.Clear();
        int c = reader.Read();
        if (c < 0)
        {
            return false;
        }

        while (c >= 0 && c != '\n')
        {
            if (line.Length == MaxLineChars)
            {
                throw Bad(sourceName, lineNumber, $"line longer than {MaxLineChars} characters");
            }

            line.Append((char)c);
            c = reader.Read();
        }

        if (line.Length > 0 && line[^1] == '\r')
        {
            line.Length--;
        }

        return true;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private static InvalidInputException Bad(string sourceName, int lineNumber, string problem) =>
        new($"{sourceName}: line {lineNumber}: {problem}");
}
