using System.Globalization;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// Plain-text event lists (event-formats.md §9): one event per line, separated by spaces, tabs or commas;
/// '#' lines are comments. An optional header line names the columns (t/timestamp/t_us, x, y,
/// p/polarity), otherwise the order is t x y p. A time with '.' or an exponent is seconds (rounded to µs),
/// otherwise integer µs. Polarity &gt; 0 is ON (0/1 and ±1 both work).
/// </summary>
public sealed class TextEventReader : IEventReader
{
    private static readonly char[] Separators = [' ', '\t', ','];

    private readonly EventByteSource _source;
    private int _tColumn;
    private int _xColumn = 1;
    private int _yColumn = 2;
    private int _pColumn = 3;
    private bool _headerChecked;

    public TextEventReader(EventByteSource source, EventStreamInfo info)
    {
        _source = source;
        Info = info;
    }

    public EventStreamInfo Info { get; }

    public int Read(EventPacket into, int maxEvents)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEvents);
        int total = 0;
        while (total < maxEvents)
        {
            long at = _source.Position;
            string? line = _source.ReadLine(1 << 16);
            if (line is null)
            {
                break;
            }

            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            string[] tokens = trimmed.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0)
            {
                // Separators only (",,,"): as empty as a blank line.
                continue;
            }

            if (!_headerChecked)
            {
                _headerChecked = true;
                if (!double.TryParse(tokens[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    MapHeader(tokens, at);
                    continue;
                }
            }

            int needed = Math.Max(Math.Max(_tColumn, _xColumn), Math.Max(_yColumn, _pColumn)) + 1;
            if (tokens.Length < needed)
            {
                throw _source.Error(at, $"text event line has {tokens.Length} columns, {needed} needed");
            }

            long t = ParseTime(tokens[_tColumn], at);
            int x = ParseCoordinate(tokens[_xColumn], at);
            int y = ParseCoordinate(tokens[_yColumn], at);
            if (!double.TryParse(tokens[_pColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out double p))
            {
                throw _source.Error(at, $"polarity '{Clip(tokens[_pColumn])}' is not a number");
            }

            into.Add(t, x, y, p > 0 ? (byte)1 : (byte)0);
            total++;
        }

        return total;
    }

    public void Dispose() => _source.Dispose();

    private static string Clip(string s) => s.Length <= 32 ? s : s[..32] + "...";

    private void MapHeader(string[] names, long at)
    {
        int Find(params string[] candidates)
        {
            for (int i = 0; i < names.Length; i++)
            {
                if (candidates.Contains(names[i].Trim().ToLowerInvariant()))
                {
                    return i;
                }
            }

            return -1;
        }

        _tColumn = Find("t", "ts", "t_us", "timestamp", "time");
        _xColumn = Find("x");
        _yColumn = Find("y");
        _pColumn = Find("p", "pol", "polarity");
        if (_tColumn < 0 || _xColumn < 0 || _yColumn < 0 || _pColumn < 0)
        {
            throw _source.Error(at, "text header must name the columns t, x, y and p");
        }

        Info.SetMetadata("columns", string.Join(",", names));
    }

    private long ParseTime(string token, long at)
    {
        if (token.Contains('.', StringComparison.Ordinal) || token.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && Math.Abs(seconds) < 9e12)
            {
                return (long)Math.Round(seconds * 1e6);
            }
        }
        else if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long us))
        {
            return us;
        }

        throw _source.Error(at, $"timestamp '{Clip(token)}' is not a number");
    }

    private int ParseCoordinate(string token, long at)
    {
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v <= ushort.MaxValue)
        {
            return v;
        }

        throw _source.Error(at, $"coordinate '{Clip(token)}' is not an integer in 0..65535");
    }
}
