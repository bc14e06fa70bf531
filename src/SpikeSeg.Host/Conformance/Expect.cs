namespace SpikeSeg.Host.Conformance;

/// <summary>Comparisons that say where and by how much a result differs from the golden value.</summary>
public static class Expect
{
    /// <summary>Default tolerance for float32 results whose summation order differs from PyTorch's.</summary>
    public const double DefaultRelative = 1e-5;
    public const double DefaultAbsolute = 1e-6;

    public static void Close(string what, GoldenTensor expected, ReadOnlySpan<float> actual, double relative = DefaultRelative, double absolute = DefaultAbsolute)
    {
        if (expected.Length != actual.Length)
        {
            throw new ConformanceMismatchException($"{what}: expected {expected.Length} values (shape [{string.Join(',', expected.Shape)}]), got {actual.Length}.");
        }

        for (int i = 0; i < actual.Length; i++)
        {
            Close(what, i, expected.Data[i], actual[i], relative, absolute);
        }
    }

    public static void Close(string what, GoldenTensor expected, ReadOnlySpan<double> actual, double relative = DefaultRelative, double absolute = DefaultAbsolute)
    {
        if (expected.Length != actual.Length)
        {
            throw new ConformanceMismatchException($"{what}: expected {expected.Length} values (shape [{string.Join(',', expected.Shape)}]), got {actual.Length}.");
        }

        for (int i = 0; i < actual.Length; i++)
        {
            Close(what, i, expected.Data[i], actual[i], relative, absolute);
        }
    }

    public static void Close(string what, int index, double expected, double actual, double relative = DefaultRelative, double absolute = DefaultAbsolute)
    {
        if (double.IsInfinity(expected) || double.IsNaN(expected))
        {
            if (!expected.Equals(actual))
            {
                throw new ConformanceMismatchException($"{what}[{index}]: expected {expected}, got {actual}.");
            }

            return;
        }

        double tolerance = Math.Max(absolute, relative * Math.Max(Math.Abs(expected), Math.Abs(actual)));
        if (!(Math.Abs(expected - actual) <= tolerance))
        {
            throw new ConformanceMismatchException($"{what}[{index}]: expected {expected:R}, got {actual:R} (tolerance {tolerance:G3}).");
        }
    }

    public static void Close(string what, double expected, double actual, double relative = DefaultRelative, double absolute = DefaultAbsolute) =>
        Close(what, 0, expected, actual, relative, absolute);

    /// <summary>Exact equality for spikes, indices and counts.</summary>
    public static void Exact<T>(string what, ReadOnlySpan<T> expected, ReadOnlySpan<T> actual)
        where T : IEquatable<T>
    {
        if (expected.Length != actual.Length)
        {
            throw new ConformanceMismatchException($"{what}: expected {expected.Length} values, got {actual.Length}.");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (!expected[i].Equals(actual[i]))
            {
                throw new ConformanceMismatchException($"{what}[{i}]: expected {expected[i]}, got {actual[i]}.");
            }
        }
    }

    public static void Exact(string what, GoldenTensor expected, ReadOnlySpan<float> actual)
    {
        if (expected.Length != actual.Length)
        {
            throw new ConformanceMismatchException($"{what}: expected {expected.Length} values, got {actual.Length}.");
        }

        for (int i = 0; i < actual.Length; i++)
        {
            if (expected.Data[i] != actual[i])
            {
                throw new ConformanceMismatchException($"{what}[{i}]: expected {expected.Data[i]}, got {actual[i]}.");
            }
        }
    }

    public static void Equal<T>(string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new ConformanceMismatchException($"{what}: expected {expected}, got {actual}.");
        }
    }

    public static void True(string what, bool condition)
    {
        if (!condition)
        {
            throw new ConformanceMismatchException(what);
        }
    }
}
