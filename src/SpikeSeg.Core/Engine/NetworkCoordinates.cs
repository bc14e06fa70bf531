namespace SpikeSeg.Core.Engine;

/// <summary>
/// Maps network-frame coordinates back to sensor pixels: the inverse of the reference resize
/// <c>x' = round(x·(W−1)/(Ws−1))</c>, i.e. <c>x = x'·(Ws−1)/(W−1)</c>; identity when the sizes agree.
/// </summary>
public readonly struct NetworkCoordinates(int sensorWidth, int sensorHeight, int networkWidth, int networkHeight)
{
    private readonly double _sx = networkWidth > 1 ? (sensorWidth - 1.0) / (networkWidth - 1.0) : 1.0;
    private readonly double _sy = networkHeight > 1 ? (sensorHeight - 1.0) / (networkHeight - 1.0) : 1.0;

    public double X(double networkX) => networkX * _sx;

    public double Y(double networkY) => networkY * _sy;

    /// <summary>Inclusive sensor box covering the inclusive network box.</summary>
    public (int X0, int Y0, int X1, int Y1) Box(int x0, int y0, int x1, int y1) =>
        ((int)Math.Floor(X(x0)), (int)Math.Floor(Y(y0)), (int)Math.Ceiling(X(x1)), (int)Math.Ceiling(Y(y1)));
}
