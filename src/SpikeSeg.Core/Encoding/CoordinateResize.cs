namespace SpikeSeg.Core.Encoding;

/// <summary>
/// The reference's sensor → network coordinate mapping (reference-semantics §1.2.3):
/// <c>x' = round(x·(W − 1) / max(Ws − 1, 1))</c> with round-half-to-even (numpy), then clipped to the frame;
/// equal sizes copy the coordinate and clip it.
/// </summary>
/// <remarks>
/// The product is formed before the division, in float64, so a result that is exactly half-way (for instance
/// 5 → 3 pixels: x = 1 → 0.5) rounds to even as the formula states rather than by the accident of a
/// pre-rounded scale factor.
/// </remarks>
public readonly struct CoordinateResize
{
    private readonly int _outputSize;
    private readonly double _numerator;
    private readonly double _denominator;
    private readonly bool _identity;

    public CoordinateResize(int sensorSize, int outputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sensorSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        _outputSize = outputSize;
        _identity = sensorSize == outputSize;
        _numerator = outputSize - 1;
        _denominator = Math.Max(sensorSize - 1, 1);
    }

    /// <summary>Maps a sensor coordinate to the network frame, clipped to [0, output size − 1].</summary>
    public int Map(int coordinate)
    {
        long mapped = _identity
            ? coordinate
            : (long)Math.Round(coordinate * _numerator / _denominator, MidpointRounding.ToEven);
        return (int)Math.Clamp(mapped, 0, _outputSize - 1);
    }
}
