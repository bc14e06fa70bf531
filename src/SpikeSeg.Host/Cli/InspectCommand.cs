using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Checkpoints;
using SpikeSeg.Streaming.Formats;

namespace SpikeSeg.Host.Cli;

/// <summary>
/// <c>spikeseg inspect FILE [--json] [--format F] [--kernels DIR]</c>: a model checkpoint (magic <c>SPKSEGCK</c>) is
/// summarised as a model (configuration, per-layer convergence and weight statistics, kernels as PNG); anything
/// else as an event file (format, resolution, counts, time range).
/// </summary>
public static class InspectCommand
{
    private const int ChunkEvents = 1 << 16;

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Event file or model checkpoint, or - for stdin" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var format = new Option<string?>("--format") { Description = "Input format when detection is not wanted (evt2, evt3, dat, aedat2, aedat31, aedat4, nmnist, npy, mat, text)" };
        var kernels = new Option<DirectoryInfo?>("--kernels") { Description = "For a model: write each layer's kernels as PNG into this folder" };
        var command = new Command("inspect", "Summarise an event file (format, resolution, counts, time range) or a model checkpoint (configuration, convergence, weight statistics, kernels).") { file, json, format, kernels };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            if (ModelInspection.IsCheckpoint(path))
            {
                return InspectModel(path, parse.GetValue(json), parse.GetValue(kernels), parse.InvocationConfiguration.Output);
            }

            if (parse.GetValue(kernels) is not null)
            {
                throw new InvalidInputException($"--kernels: {path} is not a model checkpoint (no SPKSEGCK magic)");
            }

            var requested = ParseFormat(parse.GetValue(format));
            var summary = InspectEvents(path, requested);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(parse.GetValue(json) ? ToJson(summary) : ToText(summary));
            return ExitCodes.Success;
        });
        return command;
    }

    private static int InspectModel(string path, bool json, DirectoryInfo? kernels, TextWriter output)
    {
        var model = CheckpointReader.Read(path);
        output.WriteLine(json ? ModelInspection.ToJson(model, path) : ModelInspection.ToText(model, path));
        if (kernels is not null)
        {
            var written = ModelInspection.RenderKernels(model, kernels.FullName);
            if (!json)
            {
                output.WriteLine($"kernels     {string.Join(", ", written)}");
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>Reads an event file to its end and summarises it.</summary>
    public static EventFileSummary InspectEvents(string path, EventFormat format = EventFormat.Unknown)
    {
        using var reader = EventReaders.Open(path, format);
        var stats = new EventStatistics();
        var packet = new EventPacket(ChunkEvents);
        while (true)
        {
            packet.Clear();
            if (reader.Read(packet, ChunkEvents) == 0)
            {
                break;
            }

            stats.Add(packet);
        }

        return new EventFileSummary(reader.Info, stats);
    }

    internal static EventFormat ParseFormat(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return EventFormat.Unknown;
        }

        var format = EventFormatDetector.Parse(name);
        return format == EventFormat.Unknown ? throw new InvalidInputException($"--format: unknown event format '{name}'") : format;
    }

    public static string ToJson(EventFileSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var s = summary.Statistics;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", EventFormatDetector.Name(summary.Info.Format));
            WriteOptional(w, "width", summary.Info.Geometry?.Width);
            WriteOptional(w, "height", summary.Info.Geometry?.Height);
            w.WriteNumber("events", s.Events);
            w.WriteNumber("on", s.On);
            w.WriteNumber("off", s.Off);
            bool any = s.Events > 0;
            WriteOptional(w, "t_first_us", any ? s.FirstTimestampUs : null);
            WriteOptional(w, "t_last_us", any ? s.LastTimestampUs : null);
            WriteOptional(w, "x_min", any ? s.XMin : null);
            WriteOptional(w, "x_max", any ? s.XMax : null);
            WriteOptional(w, "y_min", any ? s.YMin : null);
            WriteOptional(w, "y_max", any ? s.YMax : null);
            w.WriteNumber("duration_us", s.DurationUs);
            w.WriteNumber("mean_rate_eps", Math.Round(s.MeanRateEventsPerSecond, 3));
            w.WriteStartObject("other");
            foreach (var (kind, count) in summary.Info.OtherRecords.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(kind, count);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string ToText(EventFileSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var s = summary.Statistics;
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"format      {EventFormatDetector.Name(summary.Info.Format)}",
            $"resolution  {(summary.Info.Geometry is { } g ? g.ToString() : "unknown")}",
            string.Create(c, $"events      {s.Events} (ON {s.On}, OFF {s.Off})"),
        };
        if (s.Events > 0)
        {
            lines.Add(string.Create(c, $"t first/last {s.FirstTimestampUs} / {s.LastTimestampUs} µs"));
            lines.Add(string.Create(c, $"x range     {s.XMin}..{s.XMax}"));
            lines.Add(string.Create(c, $"y range     {s.YMin}..{s.YMax}"));
            lines.Add(string.Create(c, $"duration    {s.DurationUs} µs, mean rate {s.MeanRateEventsPerSecond:F1} ev/s"));
        }

        foreach (var (kind, count) in summary.Info.OtherRecords.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            lines.Add(string.Create(c, $"other       {kind}={count}"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}

/// <summary>What <c>inspect</c> found in one event file.</summary>
public sealed record EventFileSummary(EventStreamInfo Info, EventStatistics Statistics);
