namespace SpikeSeg.Streaming.Synthetic;

/// <summary>
/// A constant-speed path with a constant turn rate (a straight line when the rate is zero), in closed form so
/// the position at any time needs no integration state.
/// </summary>
internal readonly record struct ObjectTrack(double StartS, double X0, double Y0, double Heading0Rad, double SpeedPxPerS, double TurnRateRadPerS)
{
    /// <summary>Turn rates below this are treated as straight flight (the closed form divides by the rate).</summary>
    private const double StraightBelowRadPerS = 1e-9;

    public void At(double timeS, out double x, out double y, out double headingX, out double headingY)
    {
        double dt = timeS - StartS;
        double heading = Heading0Rad + (TurnRateRadPerS * dt);
        headingX = Math.Cos(heading);
        headingY = Math.Sin(heading);
        if (Math.Abs(TurnRateRadPerS) < StraightBelowRadPerS)
        {
            x = X0 + (SpeedPxPerS * dt * Math.Cos(Heading0Rad));
            y = Y0 + (SpeedPxPerS * dt * Math.Sin(Heading0Rad));
            return;
        }

        double radius = SpeedPxPerS / TurnRateRadPerS;
        x = X0 + (radius * (Math.Sin(heading) - Math.Sin(Heading0Rad)));
        y = Y0 - (radius * (Math.Cos(heading) - Math.Cos(Heading0Rad)));
    }
}
