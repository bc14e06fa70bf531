namespace SpikeSeg.Streaming.Formats.Mat;

/// <summary>One decoded MAT-file array: numeric data as doubles (column-major), or the fields of a 1×1 struct.</summary>
public sealed class MatArray
{
    public MatArray(string name, int classId, int[] dimensions)
    {
        Name = name;
        ClassId = classId;
        Dimensions = dimensions;
    }

    public const int StructClass = 2;

    public string Name { get; }

    /// <summary>mxClass: 2 struct, 6 double, 7 single, 8..15 integer classes.</summary>
    public int ClassId { get; }

    public IReadOnlyList<int> Dimensions { get; }

    public double[] Data { get; set; } = [];

    public Dictionary<string, MatArray> Fields { get; } = new(StringComparer.Ordinal);

    public bool IsNumeric => ClassId is >= 6 and <= 15;
}
