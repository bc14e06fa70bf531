using System.Globalization;
using System.Text;

namespace SpikeSeg.Streaming.Numpy;

/// <summary>
/// Parses the small Python literal subset an .npy header dict uses: strings, integers, True/False/None,
/// tuples and lists (both as <see cref="List{T}"/>) and dicts with string keys. Bad text throws
/// <see cref="FormatException"/> naming the character offset.
/// </summary>
public static class PythonLiteral
{
    private const int MaxDepth = 32;

    public static object? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int pos = 0;
        object? value = ParseValue(text, ref pos, 0);
        SkipSpace(text, ref pos);
        if (pos != text.Length)
        {
            throw new FormatException($"unexpected text at character {pos} of the header");
        }

        return value;
    }

    private static object? ParseValue(string s, ref int pos, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("header literal nested too deeply");
        }

        SkipSpace(s, ref pos);
        if (pos >= s.Length)
        {
            throw new FormatException("header literal ends early");
        }

        char c = s[pos];
        switch (c)
        {
            case '\'':
            case '"':
                return ParseString(s, ref pos);
            case '(':
                return ParseSequence(s, ref pos, ')', depth);
            case '[':
                return ParseSequence(s, ref pos, ']', depth);
            case '{':
                return ParseDict(s, ref pos, depth);
            default:
                break;
        }

        int start = pos;
        while (pos < s.Length && (char.IsAsciiLetterOrDigit(s[pos]) || s[pos] is '-' or '+' or '_'))
        {
            pos++;
        }

        string word = s[start..pos];
        return word switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ when long.TryParse(word.TrimEnd('L'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) => n,
            _ => throw new FormatException($"unexpected token '{word}' at character {start} of the header"),
        };
    }

    private static string ParseString(string s, ref int pos)
    {
        char quote = s[pos++];
        var sb = new StringBuilder();
        while (pos < s.Length && s[pos] != quote)
        {
            if (s[pos] == '\\' && pos + 1 < s.Length)
            {
                pos++;
            }

            sb.Append(s[pos++]);
        }

        if (pos >= s.Length)
        {
            throw new FormatException("unterminated string in the header");
        }

        pos++;
        return sb.ToString();
    }

    private static List<object?> ParseSequence(string s, ref int pos, char close, int depth)
    {
        pos++;
        var items = new List<object?>();
        while (true)
        {
            SkipSpace(s, ref pos);
            if (pos < s.Length && s[pos] == close)
            {
                pos++;
                return items;
            }

            items.Add(ParseValue(s, ref pos, depth + 1));
            SkipSpace(s, ref pos);
            if (pos < s.Length && s[pos] == ',')
            {
                pos++;
            }
            else if (pos >= s.Length || s[pos] != close)
            {
                throw new FormatException($"expected ',' or '{close}' at character {pos} of the header");
            }
        }
    }

    private static Dictionary<string, object?> ParseDict(string s, ref int pos, int depth)
    {
        pos++;
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpace(s, ref pos);
            if (pos < s.Length && s[pos] == '}')
            {
                pos++;
                return dict;
            }

            if (ParseValue(s, ref pos, depth + 1) is not string key)
            {
                throw new FormatException($"dict key at character {pos} of the header is not a string");
            }

            SkipSpace(s, ref pos);
            if (pos >= s.Length || s[pos] != ':')
            {
                throw new FormatException($"expected ':' at character {pos} of the header");
            }

            pos++;
            dict[key] = ParseValue(s, ref pos, depth + 1);
            SkipSpace(s, ref pos);
            if (pos < s.Length && s[pos] == ',')
            {
                pos++;
            }
            else if (pos >= s.Length || s[pos] != '}')
            {
                throw new FormatException($"expected ',' or '}}' at character {pos} of the header");
            }
        }
    }

    private static void SkipSpace(string s, ref int pos)
    {
        while (pos < s.Length && char.IsWhiteSpace(s[pos]))
        {
            pos++;
        }
    }
}
