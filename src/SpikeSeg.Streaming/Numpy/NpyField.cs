using System.Globalization;

namespace SpikeSeg.Streaming.Numpy;

/// <summary>One field of an .npy dtype: name ("" for a plain array or padding), byte order, kind, size and offset in the record.</summary>
public sealed record NpyField(string Name, char ByteOrder, char Kind, int Size, int Offset)
{
    /// <summary>Parses a numpy typestr such as <c>&lt;i8</c>, <c>|u1</c>, <c>?</c> or <c>|V3</c>.</summary>
    public static NpyField FromTypeString(string name, string typeString, int offset)
    {
        ArgumentNullException.ThrowIfNull(typeString);
        if (typeString == "?")
        {
            return new NpyField(name, '|', 'b', 1, offset);
        }

        int i = 0;
        char order = '|';
        if (typeString.Length > 0 && typeString[0] is '<' or '>' or '|' or '=')
        {
            order = typeString[0] == '=' ? '<' : typeString[0];
            i = 1;
        }

        if (typeString.Length < i + 2 || !int.TryParse(typeString.AsSpan(i + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size is < 1 or > 1 << 16)
        {
            throw new FormatException($"unsupported numpy type '{typeString}'");
        }

        char kind = typeString[i];
        if (kind is not ('i' or 'u' or 'b' or 'f' or 'V' or 'S'))
        {
            throw new FormatException($"unsupported numpy type kind '{kind}' in '{typeString}'");
        }

        if ((kind is 'i' or 'u' && size is not (1 or 2 or 4 or 8)) || (kind == 'f' && size is not (4 or 8)) || (kind == 'b' && size != 1))
        {
            throw new FormatException($"unsupported numpy type size in '{typeString}'");
        }

        return new NpyField(name, order, kind, size, offset);
    }

    /// <summary>The typestr numpy writes for this field.</summary>
    public string TypeString => Kind == 'b' ? "|b1" : $"{(Size == 1 ? '|' : ByteOrder)}{Kind}{Size.ToString(CultureInfo.InvariantCulture)}";

    public bool IsNumeric => Kind is 'i' or 'u' or 'b' or 'f';
}
