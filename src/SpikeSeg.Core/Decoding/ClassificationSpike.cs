namespace SpikeSeg.Core.Decoding;

/// <summary>One spike of the classification layer: class map <see cref="ClassId"/> fired at (<see cref="X"/>, <see cref="Y"/>) in step <see cref="TimestepIndex"/>.</summary>
public readonly record struct ClassificationSpike(int TimestepIndex, int ClassId, int Y, int X) : IComparable<ClassificationSpike>
{
    /// <summary>The reference's iteration order: timestep, then class, then row-major position.</summary>
    public int CompareTo(ClassificationSpike other)
    {
        int c = TimestepIndex.CompareTo(other.TimestepIndex);
        if (c == 0)
        {
            c = ClassId.CompareTo(other.ClassId);
        }

        if (c == 0)
        {
            c = Y.CompareTo(other.Y);
        }

        return c == 0 ? X.CompareTo(other.X) : c;
    }

    public static bool operator <(ClassificationSpike left, ClassificationSpike right) => left.CompareTo(right) < 0;

    public static bool operator >(ClassificationSpike left, ClassificationSpike right) => left.CompareTo(right) > 0;

    public static bool operator <=(ClassificationSpike left, ClassificationSpike right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ClassificationSpike left, ClassificationSpike right) => left.CompareTo(right) >= 0;
}
