namespace SpikeSeg.Host.Conformance;

/// <summary>
/// One named check inside a golden file. <see cref="Run"/> throws <see cref="ConformanceMismatchException"/>
/// (or any exception) when the implementation disagrees with the reference.
/// </summary>
public sealed record GoldenCase(string File, string Name, Action Run)
{
    public override string ToString() => $"{File}:{Name}";
}

/// <summary>The implementation disagreed with a golden value.</summary>
public sealed class ConformanceMismatchException(string message) : Exception(message);
