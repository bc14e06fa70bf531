using System.Globalization;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Synthetic;

/// <summary>
/// The named scenes. Rates of the busy scenes are set from a target total and a share per source (objects,
/// stars, hot pixels, noise), so the expected rate is the target exactly; the realised rate differs by Poisson
/// scatter and by object events that fall outside the array near the borders.
/// </summary>
public static class SkyScenes
{
    public const string Sda = "sda";
    public const string ReferenceBench = "reference-bench";
    public const string SdaDavis = "sda-davis";
    public const string SdaGen4 = "sda-gen4";

    public static IReadOnlyList<string> Names { get; } = [Sda, ReferenceBench, SdaDavis, SdaGen4];

    /// <summary>
    /// Builds a named scene. <paramref name="sensor"/> and <paramref name="objectCount"/> apply to <c>sda</c> only;
    /// the other scenes fix them (null keeps each scene's own).
    /// </summary>
    public static SkySceneOptions Create(string name, double seconds, ulong seed, SensorGeometry? sensor = null, int? objectCount = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        long durationUs = ToDurationUs(seconds);
        return name switch
        {
            Sda => CreateSda(sensor ?? SensorGeometry.Davis240C, durationUs, seed, objectCount ?? 3),
            ReferenceBench => CreateReferenceBench(durationUs, seed),
            SdaDavis => CreateSdaDavis(durationUs, seed),
            SdaGen4 => CreateSdaGen4(durationUs, seed),
            _ => throw new InvalidInputException($"scene '{name}': unknown; expected one of {string.Join(", ", Names)}"),
        };
    }

    /// <summary>
    /// A quiet telescope sky: slow tracking drift, about one star per 800 pixels, 0.5 Hz/pixel background activity,
    /// a few hot pixels, objects crossing in 4 to 16 seconds.
    /// </summary>
    public static SkySceneOptions CreateSda(SensorGeometry sensor, long durationUs, ulong seed, int objectCount)
    {
        if (objectCount is < 1 or > 5)
        {
            throw new InvalidInputException($"scene 'sda' setting 'objects': {objectCount} is outside 1..5");
        }

        return new SkySceneOptions
        {
            Sensor = sensor,
            DurationUs = durationUs,
            Seed = seed,
            ObjectCount = objectCount,
            ObjectSpeedMinPxPerS = sensor.Width / 16.0,
            ObjectSpeedMaxPxPerS = sensor.Width / 4.0,
            StarCount = Math.Max(1, sensor.PixelCount / 800),
            HotPixelCount = 2 + (sensor.PixelCount / 20_000),
        };
    }

    /// <summary>
    /// The scene of the reference's throughput measurement (reference-semantics §19): 240×180, 50 000 events/s,
    /// 4 straight-moving points with ON 1.5 px ahead and OFF 1.5 px behind, σ 0.7 px, = 60 % of events;
    /// uniform noise = 40 %. No stars, no hot pixels.
    /// </summary>
    public static SkySceneOptions CreateReferenceBench(long durationUs, ulong seed)
    {
        const double TotalHz = 50_000;
        var sensor = SensorGeometry.Davis240C;
        double perObjectHz = TotalHz * 0.6 / 4;
        return new SkySceneOptions
        {
            Sensor = sensor,
            DurationUs = durationUs,
            Seed = seed,
            ObjectCount = 4,
            ObjectEventRateMinHz = perObjectHz,
            ObjectEventRateMaxHz = perObjectHz,
            ObjectSpeedMinPxPerS = 20,
            ObjectSpeedMaxPxPerS = 60,
            ObjectMaxTurnRateRadPerS = 0,
            ObjectEdgeOffsetPx = 1.5,
            ObjectJitterMinPx = 0.7,
            ObjectJitterMaxPx = 0.7,
            StarCount = 0,
            HotPixelCount = 0,
            NoiseRatePerPixelHz = TotalHz * 0.4 / sensor.PixelCount,
        };
    }

    /// <summary>A DAVIS240C sky at about 1 M events/s: a slewing mount (fast star drift), bright objects, a noisy array.</summary>
    public static SkySceneOptions CreateSdaDavis(long durationUs, ulong seed) =>
        Busy(SensorGeometry.Davis240C, durationUs, seed, totalHz: 1_000_000, starCount: 300, driftX: 100, driftY: 30, hotPixels: 50, speedMin: 30, speedMax: 120);

    /// <summary>A Gen4 (1280×720) sky at about 10 M events/s, built like <see cref="CreateSdaDavis"/>.</summary>
    public static SkySceneOptions CreateSdaGen4(long durationUs, ulong seed) =>
        Busy(SensorGeometry.Gen4, durationUs, seed, totalHz: 10_000_000, starCount: 2000, driftX: 200, driftY: 60, hotPixels: 500, speedMin: 100, speedMax: 400);

    /// <summary>Shares of the total rate: objects 20 %, stars 30 %, hot pixels 5 %, background noise 45 %.</summary>
    private static SkySceneOptions Busy(SensorGeometry sensor, long durationUs, ulong seed, double totalHz, int starCount, double driftX, double driftY, int hotPixels, double speedMin, double speedMax)
    {
        const int Objects = 5;
        double perObjectHz = totalHz * 0.20 / Objects;
        double crossingsPerS = Math.Abs(driftX) + Math.Abs(driftY);
        return new SkySceneOptions
        {
            Sensor = sensor,
            DurationUs = durationUs,
            Seed = seed,
            ObjectCount = Objects,
            ObjectEventRateMinHz = perObjectHz,
            ObjectEventRateMaxHz = perObjectHz,
            ObjectSpeedMinPxPerS = speedMin,
            ObjectSpeedMaxPxPerS = speedMax,
            StarCount = starCount,
            StarDriftXPxPerS = driftX,
            StarDriftYPxPerS = driftY,
            StarEventsPerCrossing = totalHz * 0.30 / (2.0 * starCount * crossingsPerS),
            HotPixelCount = hotPixels,
            HotPixelRateHz = totalHz * 0.05 / hotPixels,
            NoiseRatePerPixelHz = totalHz * 0.45 / sensor.PixelCount,
        };
    }

    private static long ToDurationUs(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 1e7)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"synthetic scene setting 'seconds': {seconds} is outside (0, 1e7]"));
        }

        return (long)Math.Round(seconds * 1e6);
    }
}
