using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SpikeSeg.Core;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Evaluation;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Numpy;
using SpikeSeg.Streaming.Reporting;
using SpikeSeg.Streaming.Running;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Host.Cli;

/// <summary>
/// <c>spikeseg eval INPUT --labels CSV [--model M | --preset P --learn] [--report DIR] [--radius 3] [--json]
/// [--score-from-us T] [--ids NPY]</c>: runs the single-threaded engine over a recording, scores it against centroid
/// labels (docs/evaluation.md) and optionally writes a report folder with figures.
/// </summary>
public static class EvalCommand
{
    private const int ChunkEvents = 1 << 15;

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Event file in any readable format" };
        var labels = new Option<FileInfo>("--labels") { Description = "Ground truth centroid tracks, CSV t_us,object_id,x,y", Required = true };
        var model = new Option<FileInfo?>("--model") { Description = "Trained model checkpoint" };
        var preset = new Option<string?>("--preset") { Description = "Network preset with fresh weights when no model is given (default sda-live)" };
        var learn = new Option<bool>("--learn") { Description = "Learn online (STDP) while segmenting" };
        var report = new Option<DirectoryInfo?>("--report") { Description = "Write report.md and PNG figures into this folder" };
        var radius = new Option<double>("--radius") { Description = "Match radius in sensor pixels", DefaultValueFactory = _ => 3.0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
        var scoreFrom = new Option<long?>("--score-from-us") { Description = "Score only steps starting at or after this timestamp (µs); default: the second half of the recording" };
        var ids = new Option<FileInfo?>("--ids") { Description = "Per-event object ids (.npy int32 from synth --ids) for the per-event IoU" };
        var format = new Option<string?>("--format") { Description = "Input format when detection is not wanted" };
        var command = new Command("eval", "Segment a recording and score it against labels: precision/recall/F1 at a radius, coverage, false tracks, informedness; optional report folder.")
        {
            input, labels, model, preset, learn, report, radius, json, scoreFrom, ids, format,
        };
        command.SetAction(parse =>
        {
            var options = new EvalOptions(
                parse.GetValue(input)!, parse.GetValue(labels)!.FullName, ModelSource.Resolve(parse.GetValue(model), parse.GetValue(preset)),
                parse.GetValue(model)?.FullName, parse.GetValue(learn), parse.GetValue(report)?.FullName, parse.GetValue(radius),
                parse.GetValue(scoreFrom), parse.GetValue(ids)?.FullName, InspectCommand.ParseFormat(parse.GetValue(format)));
            var result = Run(options);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(parse.GetValue(json) ? ToJson(result) : ToText(result));
            return ExitCodes.Success;
        });
        return command;
    }

    public static EvalResult Run(EvalOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (!(o.RadiusPx > 0) || !double.IsFinite(o.RadiusPx))
        {
            throw new InvalidInputException($"--radius: must be a positive number of pixels, got {o.RadiusPx.ToString(CultureInfo.InvariantCulture)}");
        }

        var labels = LabelsCsv.ReadFile(o.LabelsPath).Select(l => new LabelPoint(l.TimestampUs, l.ObjectId, l.X, l.Y)).ToList();
        int[]? objectIds = o.IdsPath is null ? null : ReadIds(o.IdsPath);
        var (firstUs, lastUs) = o.ScoreFromUs is null ? TimeSpanOf(o.Input, o.Format) : (0, 0);
        long scoreFromUs = o.ScoreFromUs ?? firstUs + ((lastUs - firstUs) / 2);

        using var reader = EventReaders.Open(o.Input, o.Format);
        var spec = o.Source.Spec;
        var sensor = reader.Info.Geometry ?? spec.DefaultSensor;
        var run = new SegmentationRun(spec, new EngineOptions { StreamName = "eval", Sensor = sensor, Learn = o.Learn, Continuous = true });
        if (o.Source.Checkpoint is { } checkpoint)
        {
            EngineCheckpoint.Restore(run.Engine, checkpoint);
            run.Engine.ResumeAt(0); // a new recording: the binner numbers its steps from 0
        }

        var recorder = new EvaluationRecorder(run, scoreFromUs, scoreEventIou: objectIds is not null);
        var packet = new EventPacket(ChunkEvents);
        long events = 0;
        while (true)
        {
            packet.Clear();
            if (reader.Read(packet, ChunkEvents) == 0)
            {
                break;
            }

            if (objectIds is null)
            {
                recorder.Feed(packet);
            }
            else
            {
                if (events + packet.Count > objectIds.Length)
                {
                    throw new InvalidInputException($"--ids {o.IdsPath}: {objectIds.Length} ids but {o.Input} has more events (at least {events + packet.Count})");
                }

                recorder.Feed(packet, objectIds.AsSpan((int)events, packet.Count));
            }

            events += packet.Count;
        }

        if (objectIds is not null && events != objectIds.Length)
        {
            throw new InvalidInputException($"--ids {o.IdsPath}: {objectIds.Length} ids for {events} events in {o.Input}");
        }

        recorder.Complete();
        var score = DetectionScorer.Score(recorder.Slices, labels, sensor.Width, sensor.Height, o.RadiusPx, scoreFromUs);
        IReadOnlyList<string> figures = [];
        if (o.ReportPath is not null)
        {
            string model = o.ModelPath is null ? $"preset {spec.Name} (random initial weights)" : $"checkpoint `{o.ModelPath}`";
            figures = ReportWriter.Write(o.ReportPath, new ReportContext(o.Input, model, o.Learn, scoreFromUs), score, recorder, run.Engine, labels);
        }

        return new EvalResult(score, recorder.EventIou, run.EventsIn, run.Engine.Statistics.Steps, scoreFromUs, o.ReportPath, figures);
    }

    private static int[] ReadIds(string path)
    {
        using var stream = File.OpenRead(path);
        return NpyArray.Read(stream, path).ToArray<int>();
    }

    /// <summary>First and last timestamp of the recording (a first pass; needed to find its second half).</summary>
    private static (long First, long Last) TimeSpanOf(string input, EventFormat format)
    {
        if (input == "-")
        {
            throw new InvalidInputException("eval: stdin needs --score-from-us (the recording is read twice to find its second half otherwise)");
        }

        var summary = InspectCommand.InspectEvents(input, format);
        return summary.Statistics.Events == 0 ? (0, 0) : (summary.Statistics.FirstTimestampUs, summary.Statistics.LastTimestampUs);
    }

    public static string ToJson(EvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Score;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("precision", s.Precision);
            w.WriteNumber("recall", s.Recall);
            w.WriteNumber("f1", s.F1);
            w.WriteNumber("informedness", s.Informedness);
            w.WriteNumber("radius_px", s.RadiusPx);
            w.WriteNumber("sensitivity", s.Sensitivity);
            w.WriteNumber("specificity", s.Specificity);
            w.WriteNumber("true_positives", s.TruePositives);
            w.WriteNumber("false_positives", s.FalsePositives);
            w.WriteNumber("false_negatives", s.FalseNegatives);
            if (double.IsNaN(s.LocalisationErrorPx))
            {
                w.WriteNull("localisation_error_px");
            }
            else
            {
                w.WriteNumber("localisation_error_px", s.LocalisationErrorPx);
            }

            w.WriteNumber("false_tracks", s.FalseTracks);
            w.WriteNumber("false_tracks_per_minute", s.FalseTracksPerMinute);
            w.WriteNumber("false_confirmed_tracks", s.FalseConfirmedTracks);
            w.WriteNumber("false_confirmed_tracks_per_minute", s.FalseConfirmedTracksPerMinute);
            w.WriteNumber("scored_slices", s.Slices);
            w.WriteNumber("score_from_us", result.ScoreFromUs);
            w.WriteNumber("events", result.Events);
            w.WriteNumber("steps", result.Steps);
            w.WriteStartObject("track_coverage");
            foreach (var (id, coverage) in s.TrackCoverage.OrderBy(kv => kv.Key))
            {
                w.WriteNumber(id.ToString(CultureInfo.InvariantCulture), coverage);
            }

            w.WriteEndObject();
            if (result.EventIou is { } iou)
            {
                w.WriteNumber("event_iou", iou.Iou);
                w.WriteNumber("object_events", iou.ObjectEvents);
                w.WriteNumber("segmented_events", iou.SegmentedEvents);
                w.WriteStartObject("object_event_recall");
                foreach (var (id, recall) in iou.ObjectRecall)
                {
                    w.WriteNumber(id.ToString(CultureInfo.InvariantCulture), recall);
                }

                w.WriteEndObject();
            }

            if (result.ReportPath is not null)
            {
                w.WriteString("report", result.ReportPath);
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string ToText(EvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Score;
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(c, $"scored      {s.Slices:N0} slices from t = {result.ScoreFromUs / 1e6:F3} s ({result.Events:N0} events, {result.Steps:N0} steps in all)"),
            string.Create(c, $"detection   radius {s.RadiusPx:G} px: TP {s.TruePositives}, FP {s.FalsePositives}, FN {s.FalseNegatives}"),
            string.Create(c, $"            precision {s.Precision:F3}, recall {s.Recall:F3}, F1 {s.F1:F3}, localisation error {(double.IsNaN(s.LocalisationErrorPx) ? "–" : s.LocalisationErrorPx.ToString("F2", c))} px"),
            string.Create(c, $"regions     sensitivity {s.Sensitivity:F3}, specificity {s.Specificity:F3}, informedness {s.Informedness:F3}"),
            string.Create(c, $"tracks      {s.FalseTracks} false ({s.FalseTracksPerMinute:F1}/min), {s.FalseConfirmedTracks} of them confirmed ({s.FalseConfirmedTracksPerMinute:F1}/min); coverage {string.Join(", ", s.TrackCoverage.OrderBy(kv => kv.Key).Select(kv => string.Create(c, $"#{kv.Key} {kv.Value:F3}")))}"),
        };
        if (result.EventIou is { } iou)
        {
            lines.Add(string.Create(c, $"events      per-event IoU {iou.Iou:F3} ({iou.Intersection:N0} of {iou.Union:N0}; {iou.ObjectEvents:N0} object events, {iou.SegmentedEvents:N0} segmented)"));
        }

        if (result.ReportPath is not null)
        {
            lines.Add($"report      {result.ReportPath} (report.md, {result.Figures.Count} figures)");
        }

        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>Everything <c>eval</c> was asked to do.</summary>
public sealed record EvalOptions(
    string Input, string LabelsPath, ModelSource Source, string? ModelPath, bool Learn, string? ReportPath, double RadiusPx, long? ScoreFromUs, string? IdsPath, EventFormat Format = EventFormat.Unknown);

/// <summary>What <c>eval</c> measured.</summary>
public sealed record EvalResult(EvaluationReport Score, EventIou? EventIou, long Events, long Steps, long ScoreFromUs, string? ReportPath, IReadOnlyList<string> Figures);
