using System.Globalization;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Synthetic;

/// <summary>
/// Everything that shapes a synthetic sky: a star field drifting as under imperfect telescope tracking, moving
/// objects (satellites, debris), hot pixels and background noise. Rates are per second of sensor time.
/// </summary>
public sealed record SkySceneOptions
{
    /// <summary>Upper bound on the expected events in one chunk, so a bad setting cannot ask for unbounded memory.</summary>
    public const double MaxExpectedEventsPerChunk = 20_000_000;

    public SensorGeometry Sensor { get; init; } = SensorGeometry.Davis240C;

    public long DurationUs { get; init; } = 10_000_000;

    public ulong Seed { get; init; } = 1;

    /// <summary>Length of one output chunk (one EventPacket); memory is proportional to this, not to the duration.</summary>
    public long ChunkDurationUs { get; init; } = 10_000;

    /// <summary>One label row per visible object every this many µs, at t = 0, P, 2P, …</summary>
    public long LabelPeriodUs { get; init; } = 10_000;

    /// <summary>Objects visible at once; an object that leaves the field is replaced by a new one with a new id.</summary>
    public int ObjectCount { get; init; } = 3;

    public double ObjectEventRateMinHz { get; init; } = 2_000;

    public double ObjectEventRateMaxHz { get; init; } = 8_000;

    public double ObjectSpeedMinPxPerS { get; init; } = 15;

    public double ObjectSpeedMaxPxPerS { get; init; } = 60;

    /// <summary>Half of the objects fly straight; the others turn at a rate drawn uniformly from ±this.</summary>
    public double ObjectMaxTurnRateRadPerS { get; init; } = 0.15;

    /// <summary>ON events sit this far ahead of the true position along the heading, OFF events this far behind.</summary>
    public double ObjectEdgeOffsetPx { get; init; } = 1.5;

    /// <summary>Gaussian spread (σ, both axes) of an object's events: its apparent half-width.</summary>
    public double ObjectJitterMinPx { get; init; } = 0.6;

    public double ObjectJitterMaxPx { get; init; } = 1.0;

    public int StarCount { get; init; } = 60;

    /// <summary>Apparent drift of the whole star field (tracking error), px/s.</summary>
    public double StarDriftXPxPerS { get; init; } = 1.5;

    public double StarDriftYPxPerS { get; init; } = 0.5;

    /// <summary>Mean events per polarity per pixel-boundary crossing, averaged over stars (brightness is exponential around it).</summary>
    public double StarEventsPerCrossing { get; init; } = 2.0;

    /// <summary>A crossing's events spread over this long after the crossing (pixel response time).</summary>
    public long StarBurstUs { get; init; } = 300;

    public int HotPixelCount { get; init; } = 4;

    public double HotPixelRateHz { get; init; } = 100;

    /// <summary>Background activity per pixel (uniform in space, Poisson in time).</summary>
    public double NoiseRatePerPixelHz { get; init; } = 0.5;

    /// <summary>Expected events per second while all objects are in view.</summary>
    public double ExpectedEventRateHz =>
        (ObjectCount * 0.5 * (ObjectEventRateMinHz + ObjectEventRateMaxHz))
        + (2.0 * StarCount * StarEventsPerCrossing * (Math.Abs(StarDriftXPxPerS) + Math.Abs(StarDriftYPxPerS)))
        + (HotPixelCount * HotPixelRateHz)
        + (NoiseRatePerPixelHz * Sensor.PixelCount);

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        Require(Sensor.Width is > 0 and <= ushort.MaxValue && Sensor.Height is > 0 and <= ushort.MaxValue, "sensor", $"{Sensor} is not a valid pixel array");
        Require(DurationUs > 0, "seconds", "must be positive");
        Require(ChunkDurationUs > 0 && ChunkDurationUs <= EventScratch.MaxChunkDurationUs, "chunk", "must be positive and at most 2^37 µs");
        Require(LabelPeriodUs > 0, "label period", "must be positive");
        Require(ObjectCount is >= 0 and <= 64, "objects", $"{ObjectCount} is outside 0..64");
        RequireRange(ObjectEventRateMinHz, ObjectEventRateMaxHz, "object event rate");
        RequireRange(ObjectSpeedMinPxPerS, ObjectSpeedMaxPxPerS, "object speed");
        RequireRange(ObjectJitterMinPx, ObjectJitterMaxPx, "object jitter");
        RequireFinite(ObjectMaxTurnRateRadPerS, "object turn rate");
        RequireFinite(ObjectEdgeOffsetPx, "object edge offset");
        Require(StarCount is >= 0 and <= 1_000_000, "stars", $"{StarCount} is outside 0..1000000");
        Require(double.IsFinite(StarDriftXPxPerS) && double.IsFinite(StarDriftYPxPerS), "star drift", "must be finite");
        Require(StarEventsPerCrossing is >= 0 and <= 16, "star events per crossing", "must be in 0..16");
        Require(StarBurstUs is >= 1 and <= 1_000_000, "star burst", "must be in 1..1000000 µs");
        Require(HotPixelCount >= 0 && HotPixelCount <= Math.Min(100_000, Sensor.PixelCount / 2), "hot pixels", "must be in 0..min(100000, half the pixels)");
        RequireFinite(HotPixelRateHz, "hot pixel rate");
        RequireFinite(NoiseRatePerPixelHz, "noise rate");
        double perChunk = ExpectedEventRateHz * ChunkDurationUs * 1e-6;
        Require(perChunk <= MaxExpectedEventsPerChunk, "chunk", string.Create(CultureInfo.InvariantCulture, $"{perChunk:0} expected events per chunk; shorten the chunk or lower the rates"));
    }

    private static void RequireRange(double min, double max, string setting)
    {
        Require(double.IsFinite(min) && double.IsFinite(max) && min >= 0 && min <= max, setting, "needs 0 ≤ min ≤ max, both finite");
    }

    private static void RequireFinite(double value, string setting)
    {
        Require(double.IsFinite(value) && value >= 0, setting, "must be finite and not negative");
    }

    private static void Require(bool ok, string setting, string problem)
    {
        if (!ok)
        {
            throw new InvalidInputException($"synthetic scene setting '{setting}': {problem}");
        }
    }
}
