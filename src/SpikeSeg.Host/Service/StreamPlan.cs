using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Host.Service.Sources;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Streaming.Filters;

namespace SpikeSeg.Host.Service;

/// <summary>A stream's settings after every check that needs a preset or the source itself (done before the service starts).</summary>
internal sealed record StreamPlan(string Name, StreamOptions Options, NetworkSpec Spec, string FramesFile, string? CheckpointFolder)
{
    public static async Task<StreamPlan> CreateAsync(string name, StreamOptions options, CheckpointOptions checkpoints, TimeProvider time)
    {
        string p = $"Streams:{name}";
        NetworkSpec spec;
        try
        {
            spec = PresetLoader.Load(options.Preset);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException(ServiceOptionsValidator.Problem($"{p}:Preset", options.Preset, ex.Message), ex);
        }

        spec = spec with
        {
            Conv1 = options.Conv1Threshold is float t1 ? spec.Conv1 with { Threshold = t1 } : spec.Conv1,
            Conv2 = options.Conv2Threshold is float t2 ? spec.Conv2 with { Threshold = t2 } : spec.Conv2,
            Conv3 = options.Conv3Threshold is float t3 ? spec.Conv3 with { Threshold = t3 } : spec.Conv3,
        };
        SpecValidator.Validate(spec, $"stream '{name}' (preset {options.Preset} with overrides)");
        try
        {
            // Built once on the preset's sensor so that a malformed filter fails at start; the stream builds its
            // own chain on the sensor its source reports.
            _ = FilterSpecs.Build(options.Filters, spec.DefaultSensor);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException(ServiceOptionsValidator.Problem($"{p}:Filters", string.Join(' ', options.Filters), ex.Message), ex);
        }

        if (options.Source.Type == SourceKind.RabbitMq)
        {
            Cli.BrokerUri.Parse(options.Source.Broker.Length > 0 ? options.Source.Broker : throw new InvalidInputException(ServiceOptionsValidator.Problem($"{p}:Source:Broker", "", "must be an amqp:// URI")));
            if (options.Source.Camera.Length == 0 || options.Source.Camera.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_'))
            {
                throw new InvalidInputException(ServiceOptionsValidator.Problem($"{p}:Source:Camera", options.Source.Camera, "must be letters, digits, '-' or '_'"));
            }

            if (options.Source.Prefetch is < 1 or > ushort.MaxValue)
            {
                throw new InvalidInputException(ServiceOptionsValidator.Problem($"{p}:Source:Prefetch", options.Source.Prefetch, "must be in 1..65535"));
            }
        }
        else if (options.Source.Type != SourceKind.Aedat4Tcp)
        {
            // A camera server is connected to when the stream starts (its failure shows on /status); everything
            // else is opened once now so that a bad path, scene or port fails at start.
            await OpenOnceAsync(options, time, p).ConfigureAwait(false);
        }

        string frames = Path.GetFullPath(options.FramesFile.Length > 0 ? options.FramesFile : Path.Combine("frames", name + ".jsonl"));
        string? folder = checkpoints.Enabled ? Path.GetFullPath(Path.Combine(checkpoints.Directory, name)) : null;
        return new StreamPlan(name, options, spec, frames, folder);
    }

    /// <summary>Opens the source once so that a missing file, an unknown format or scene fails now, not after start.</summary>
    private static async Task OpenOnceAsync(StreamOptions options, TimeProvider time, string p)
    {
        try
        {
            var source = await EventSources.OpenAsync(options.Source, time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None).ConfigureAwait(false);
            await source.DisposeAsync().ConfigureAwait(false);
        }
        catch (InvalidInputException ex)
        {
            (string setting, object value) = options.Source.Type switch
            {
                SourceKind.File => ($"{p}:Source:Path", (object)options.Source.Path),
                SourceKind.Udp => ($"{p}:Source:Listen", options.Source.Listen),
                _ => ($"{p}:Source:Scene", options.Source.Scene),
            };
            throw new InvalidInputException(ServiceOptionsValidator.Problem(setting, value, ex.Message), ex);
        }
    }
}
