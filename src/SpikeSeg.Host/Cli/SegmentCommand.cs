using System.CommandLine;
using System.Globalization;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Filters;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Imaging;
using SpikeSeg.Streaming.Pipeline;
using SpikeSeg.Streaming.Rendering;
using SpikeSeg.Streaming.Sinks;

namespace SpikeSeg.Host.Cli;

/// <summary>
/// <c>spikeseg segment INPUT [--model M | --preset P] [--learn] --out FRAMES.jsonl [--render DIR]</c>: the main job on
/// a recording or stdin, through the multi-actor pipeline (layer actors, segmenter, bounded queues).
/// </summary>
public static class SegmentCommand
{
    private const int ChunkEvents = 1 << 15;

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Event file in any readable format, or - for stdin" };
        var model = new Option<FileInfo?>("--model") { Description = "Trained model checkpoint (from train, demo or run)" };
        var preset = new Option<string?>("--preset") { Description = "Network preset when no model is given (default sda)" };
        var learn = new Option<bool>("--learn") { Description = "Keep learning online (STDP) while segmenting" };
        var output = new Option<FileInfo>("--out") { Description = "Frames as JSON Lines (docs/output-schema.md)", Required = true };
        var render = new Option<DirectoryInfo?>("--render") { Description = "Write a PNG of every step with a confirmed detection into this folder" };
        var allSteps = new Option<bool>("--all-steps") { Description = "Write a line for every step, also those without instances" };
        var format = new Option<string?>("--format") { Description = "Input format when detection is not wanted" };
        var saveModel = new Option<FileInfo?>("--save-model") { Description = "Write the model checkpoint at the end (useful with --learn)" };
        var filters = new Option<string[]>("--filter")
        {
            Description = "Event filter applied before the network, in the order given (repeatable): " + FilterSpecs.Syntax,
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("segment", "Segment an event recording (or stdin) into instances with track ids; writes JSON Lines frames.")
        {
            input, model, preset, learn, output, render, allSteps, format, saveModel, filters,
        };
        command.SetAction(async (parse, ct) => await RunAsync(
            parse.GetValue(input)!, ModelSource.Resolve(parse.GetValue(model), parse.GetValue(preset)), parse.GetValue(learn),
            parse.GetValue(output)!, parse.GetValue(render), parse.GetValue(allSteps), InspectCommand.ParseFormat(parse.GetValue(format)),
            parse.GetValue(saveModel), parse.GetValue(filters) ?? [], parse.InvocationConfiguration.Output, ct).ConfigureAwait(false));
        return command;
    }

    public static async Task<int> RunAsync(string input, ModelSource source, bool learn, FileInfo output, DirectoryInfo? render, bool allSteps, EventFormat format, FileInfo? saveModel, IReadOnlyList<string> filterSpecs, TextWriter console, CancellationToken ct)
    {
        using var reader = EventReaders.Open(input, format);
        var spec = source.Spec;
        // Filters may crop or resize: the network sees the sensor the last filter leaves.
        var (filters, sensor) = FilterSpecs.Build(filterSpecs, reader.Info.Geometry ?? spec.DefaultSensor);
        var options = new EngineOptions { StreamName = "default", Sensor = sensor, Learn = learn, Continuous = true };
        render?.Create();
        await using var pipeline = SegmentationPipeline.Start(spec, options, new PipelineOptions(), originUs: null, checkpoint: source.Checkpoint);
        var canvas = render is null ? null : new EventCanvas(spec.Input.Width, spec.Input.Height);
        long framesWithInstances = 0, instances = 0;
        await using var writer = JsonLinesFrameWriter.Create(output.FullName);
        var sink = Task.Run(async () =>
        {
            await foreach (var frame in pipeline.Frames.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (frame.Instances.Count == 0 && !allSteps)
                {
                    continue;
                }

                writer.Write(frame);
                framesWithInstances += frame.Instances.Count > 0 ? 1 : 0;
                instances += frame.Instances.Count;
                if (render is not null && frame.Instances.Any(i => i.TrackConfirmed))
                {
                    PngEncoder.WriteFile(FrameRenderer.Render(canvas!, frame), Path.Combine(render.FullName, $"step-{frame.Step:D7}.png"));
                }
            }
        }, ct);

        var packet = new EventPacket(ChunkEvents);
        while (true)
        {
            packet.Clear();
            if (reader.Read(packet, ChunkEvents) == 0)
            {
                break;
            }

            filters.Apply(packet);
            await pipeline.FeedAsync(packet, ct).ConfigureAwait(false);
        }

        await pipeline.CompleteAsync(ct).ConfigureAwait(false);
        await sink.ConfigureAwait(false);
        var c = pipeline.Counters;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{input}: {c.EventsIn:N0} events ({c.EventsDropped:N0} dropped), {c.StepsIn:N0} steps ({c.StepsSkipped:N0} skipped, {c.Restarts:N0} restarts), {instances:N0} instances in {framesWithInstances:N0} frames → {output.FullName}"));
        foreach (var filter in filters.Filters)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"filter {filter.Name}: {filter.Removed:N0} events removed"));
        }

        if (saveModel is not null)
        {
            await pipeline.SaveCheckpointAsync(saveModel.FullName, ct).ConfigureAwait(false);
            console.WriteLine($"model → {saveModel.FullName}");
        }

        return ExitCodes.Success;
    }
}
