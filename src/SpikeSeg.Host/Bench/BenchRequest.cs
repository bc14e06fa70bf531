using System.Globalization;
using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Network;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Host.Bench;

/// <summary>The settings of one <c>spikeseg bench</c> invocation.</summary>
public sealed record BenchRequest(
    string? Input,
    string Scene,
    double Seconds,
    ulong Seed,
    string Preset,
    long? DtUs,
    BenchMode Mode,
    int Threads,
    string? Baseline,
    int Repeat,
    bool Windowed,
    bool Json,
    bool Pipeline = false,
    double WarmUpSeconds = 2)
{
    public const string DenseBaseline = "dense";

    public void Validate()
    {
        if (Threads is < 1 or > 64)
        {
            throw new InvalidInputException($"bench setting '--threads': {Threads} is outside 1..64");
        }

        if (Repeat is < 1 or > 100)
        {
            throw new InvalidInputException($"bench setting '--repeat': {Repeat} is outside 1..100");
        }

        if (!double.IsFinite(WarmUpSeconds) || WarmUpSeconds is < 0 or > 600)
        {
            throw new InvalidInputException($"bench setting '--warmup-s': {WarmUpSeconds.ToString(CultureInfo.InvariantCulture)} is outside 0..600");
        }

        if (Pipeline && Baseline is not null)
        {
            throw new InvalidInputException("bench settings '--pipeline' and '--baseline' do not combine: the baseline runs the single-threaded engine");
        }

        if (Pipeline && Threads < Environment.ProcessorCount)
        {
            throw new InvalidInputException($"bench setting '--threads': {Threads} is below this machine's {Environment.ProcessorCount} processors, and the thread pool cannot be limited below that");
        }

        if (Baseline is not null && Baseline != DenseBaseline)
        {
            throw new InvalidInputException($"bench setting '--baseline': '{Baseline}' is unknown; expected '{DenseBaseline}'");
        }

        if (Input is null && !SkyScenes.Names.Contains(Scene))
        {
            throw new InvalidInputException($"bench setting '--scene': '{Scene}' is unknown; expected one of {string.Join(", ", SkyScenes.Names)}");
        }
    }

    /// <summary>The preset with the step length replaced by <c>--dt-us</c> (or <paramref name="stepUsOverride"/>).</summary>
    public NetworkSpec Spec(long? stepUsOverride)
    {
        var spec = PresetLoader.Load(Preset);
        long? dt = DtUs ?? stepUsOverride;
        if (dt is { } stepUs)
        {
            if (stepUs is < 1 or > 10_000_000)
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"bench setting '--dt-us': {stepUs} is outside 1..10000000"));
            }

            spec = spec with { Input = spec.Input with { StepUs = stepUs } };
        }

        return spec;
    }

    public EngineOptions Options(SensorGeometry sensor, EncoderEngine engine) => new()
    {
        StreamName = "bench",
        Sensor = sensor,
        Engine = engine,
        Learn = Mode == BenchMode.Learn,
        Continuous = !Windowed,
    };
}
