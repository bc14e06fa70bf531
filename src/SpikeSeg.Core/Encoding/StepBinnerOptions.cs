using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Core.Encoding;

/// <summary>Settings of a <see cref="StepBinner"/>.</summary>
/// <param name="Sensor">Pixel array of the source; events outside it are counted and dropped.</param>
/// <param name="Width">Network input width (events are resized with <see cref="CoordinateResize"/>).</param>
/// <param name="Height">Network input height.</param>
/// <param name="PolarityChannels">2: ON → channel 0, OFF → channel 1; 1: merged.</param>
/// <param name="StepUs">Step length dt in µs.</param>
/// <param name="Normalize">Divide each step by its own maximum count.</param>
/// <param name="OriginUs">t0 of step 0; <c>null</c> = the first event's timestamp.</param>
public sealed record StepBinnerOptions(
    SensorGeometry Sensor,
    int Width,
    int Height,
    int PolarityChannels,
    long StepUs,
    bool Normalize = true,
    long? OriginUs = null)
{
    /// <summary>Upper bound on C·H·W so a bad setting cannot allocate without limit.</summary>
    public const int MaxCells = 1 << 26;

    public static StepBinnerOptions FromInput(InputSpec input, SensorGeometry sensor, long? originUs = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new StepBinnerOptions(sensor, input.Width, input.Height, input.PolarityChannels, input.StepUs, input.Normalize, originUs);
    }

    internal void Validate()
    {
        if (Sensor.Width <= 0 || Sensor.Height <= 0 || Sensor.Width > ushort.MaxValue + 1 || Sensor.Height > ushort.MaxValue + 1)
        {
            throw new InvalidInputException($"binner.sensor = {Sensor}: each side must be in 1..65536");
        }

        if (Width <= 0 || Height <= 0 || Width > ushort.MaxValue + 1 || Height > ushort.MaxValue + 1)
        {
            throw new InvalidInputException($"binner.size = {Width}x{Height}: each side must be in 1..65536");
        }

        if (PolarityChannels is not (1 or 2))
        {
            throw new InvalidInputException($"binner.polarityChannels = {PolarityChannels}: must be 1 or 2");
        }

        if (StepUs <= 0)
        {
            throw new InvalidInputException($"binner.stepUs = {StepUs}: must be > 0");
        }

        if ((long)Width * Height * PolarityChannels > MaxCells)
        {
            throw new InvalidInputException($"binner.cells = {(long)Width * Height * PolarityChannels}: must be ≤ {MaxCells}");
        }
    }
}
