using System.Globalization;
using System.Text;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Evaluation;
using SpikeSeg.Core.Learning;
using SpikeSeg.Streaming.Imaging;

namespace SpikeSeg.Streaming.Reporting;

/// <summary>What a report is about, for its heading.</summary>
public sealed record ReportContext(string Input, string Model, bool Learned, long ScoreFromUs);

/// <summary>
/// Writes a report folder: report.md (scores, coverage, learning state, a figures table) and the PNG figures —
/// event frames with the segmentation, kernels per layer, convergence and thresholds over time, detection timeline.
/// </summary>
public static class ReportWriter
{
    public const string ReportFile = "report.md";

    private static readonly Rgb[] LayerColors = [new(255, 170, 60), new(90, 200, 255), new(140, 255, 120)];

    /// <summary>Writes the folder and returns the figure file names, in the order report.md lists them.</summary>
    public static IReadOnlyList<string> Write(string folder, ReportContext context, EvaluationReport score, EvaluationRecorder recorder, SpikeSegEngine engine, IReadOnlyList<LabelPoint> labels)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(labels);
        Directory.CreateDirectory(folder);
        var figures = new List<(string File, string Caption)>();
        void Save(RgbImage image, string file, string caption)
        {
            PngEncoder.WriteFile(image, Path.Combine(folder, file));
            figures.Add((file, caption));
        }

        foreach (var (step, image, frame) in recorder.Renders)
        {
            Save(image, $"frame-{step:D7}.png", string.Create(CultureInfo.InvariantCulture,
                $"Events of step {step} (t = {frame.TStartUs / 1e6:F3} s; ON warm, OFF cold) with segmented events in magenta, instance boxes in track colours and track ids"));
        }

        for (int i = 0; i < engine.Stages.Count; i++)
        {
            var w = engine.Stages[i].Layer.Weights;
            Save(KernelMosaic.Render(w.Oihw, w.OutChannels, w.InChannels, w.Kernel, w.Kernel <= 5 ? 4 : 3), $"kernels-{engine.Stages[i].Name}.png",
                $"Kernels of {engine.Stages[i].Name}: {w.OutChannels} features × {w.InChannels} input channels of {w.Kernel}×{w.Kernel}, grey = weight from layer min (black) to max (white)");
        }

        var samples = recorder.History.Samples;
        double? scoreFromS = context.ScoreFromUs > long.MinValue ? context.ScoreFromUs / 1e6 : null;
        Save(LinePlot.Render(LayerSeries(engine, samples, s => s.ConvergencePerLayer), markerX: scoreFromS), "convergence.png",
            "Convergence C = mean(w(1−w)) per layer over time (s); legend 1 = conv1, 2 = conv2, 3 = conv3; dotted line = start of scoring");
        Save(LinePlot.Render(LayerSeries(engine, samples, s => s.MeanThresholdPerLayer), markerX: scoreFromS), "thresholds.png",
            "Mean per-channel threshold in force per layer over time (s); legend 1 = conv1, 2 = conv2, 3 = conv3");
        double start = recorder.FirstTimestampUs == long.MinValue ? 0 : recorder.FirstTimestampUs / 1e6;
        double end = recorder.LastTimestampUs == long.MinValue ? 1 : recorder.LastTimestampUs / 1e6;
        Save(TrackTimeline.Render(recorder.Hits, labels, start, end, scoreFromS), "timeline.png",
            "Detection timeline over time (s): white rows = labelled objects (id at left), coloured rows = tracker ids with a mark per detected step (dim = not yet confirmed); dotted line = start of scoring");

        File.WriteAllText(Path.Combine(folder, ReportFile), Markdown(context, score, recorder, engine, figures));
        return figures.Select(f => f.File).ToList();
    }

    private static List<PlotSeries> LayerSeries(SpikeSegEngine engine, IReadOnlyList<LearningSample> samples, Func<LearningSample, double[]> value) =>
        Enumerable.Range(0, engine.Stages.Count)
            .Select(i => new PlotSeries(engine.Stages[i].Name, LayerColors[i % LayerColors.Length], samples.Select(s => (s.TimeS, value(s)[i])).ToList()))
            .ToList();

    private static string Markdown(ReportContext context, EvaluationReport s, EvaluationRecorder recorder, SpikeSegEngine engine, List<(string File, string Caption)> figures)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# SpikeSeg evaluation report").AppendLine();
        md.AppendLine(c, $"Input `{context.Input}`, model {context.Model}{(context.Learned ? ", learning online" : "")}; scored from {(context.ScoreFromUs == long.MinValue ? "the start" : string.Create(c, $"t = {context.ScoreFromUs / 1e6:F3} s"))}. Definitions: docs/evaluation.md.").AppendLine();
        md.AppendLine("## Scores").AppendLine();
        md.AppendLine("| figure | value |").AppendLine("|---|---|");
        md.AppendLine(c, $"| radius (px) | {s.RadiusPx:G} |");
        md.AppendLine(c, $"| scored slices | {s.Slices} |");
        md.AppendLine(c, $"| TP / FP / FN | {s.TruePositives} / {s.FalsePositives} / {s.FalseNegatives} |");
        md.AppendLine(c, $"| precision | {s.Precision:F3} |");
        md.AppendLine(c, $"| recall | {s.Recall:F3} |");
        md.AppendLine(c, $"| F1 | {s.F1:F3} |");
        md.AppendLine(c, $"| localisation error (px) | {(double.IsNaN(s.LocalisationErrorPx) ? "–" : s.LocalisationErrorPx.ToString("F2", c))} |");
        md.AppendLine(c, $"| false tracks (per minute) | {s.FalseTracks} ({s.FalseTracksPerMinute:F1}) |");
        md.AppendLine(c, $"| of them confirmed (per minute) | {s.FalseConfirmedTracks} ({s.FalseConfirmedTracksPerMinute:F1}) |");
        md.AppendLine(c, $"| sensitivity / specificity | {s.Sensitivity:F3} / {s.Specificity:F3} |");
        md.AppendLine(c, $"| informedness | {s.Informedness:F3} |");
        if (recorder.EventIou is { } iou)
        {
            md.AppendLine(c, $"| per-event IoU | {iou.Iou:F3} ({iou.Intersection} of {iou.Union} events) |");
        }

        md.AppendLine().AppendLine("## Per-object coverage").AppendLine();
        md.AppendLine(recorder.EventIou is null ? "| object | coverage (slices) |" : "| object | coverage (slices) | events segmented |");
        md.AppendLine(recorder.EventIou is null ? "|---|---|" : "|---|---|---|");
        var eventRecall = recorder.EventIou?.ObjectRecall;
        foreach (var (id, coverage) in s.TrackCoverage.OrderBy(kv => kv.Key))
        {
            md.Append(c, $"| {id} | {coverage:F3} |");
            if (eventRecall is not null)
            {
                md.Append(c, $" {(eventRecall.TryGetValue(id, out double r) ? r.ToString("F3", c) : "–")} |");
            }

            md.AppendLine();
        }

        md.AppendLine().AppendLine("## Learned layers (end of run)").AppendLine();
        md.AppendLine("| layer | shape | C = mean(w(1−w)) | w min / mean / max | near 0 / near 1 | mean threshold | phase |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var stage in engine.Stages)
        {
            var w = stage.Layer.Weights;
            var st = WeightStatistics.Of(w.Oihw);
            md.AppendLine(c, $"| {stage.Name} | {w.OutChannels}×{w.InChannels}×{w.Kernel}×{w.Kernel} | {ConvergenceMetric.Compute(w.Oihw):F4} | {st.Min:F3} / {st.Mean:F3} / {st.Max:F3} | {st.FractionNearZero:P1} / {st.FractionNearOne:P1} | {Mean(stage.Layer.ChannelThresholds):F3} | {(stage.Learner is null ? "fixed" : stage.Learner.Phase.ToString())} |");
        }

        md.AppendLine().AppendLine("## Figures").AppendLine();
        md.AppendLine("| figure | shows |").AppendLine("|---|---|");
        foreach (var (file, caption) in figures)
        {
            md.AppendLine(c, $"| ![{file}]({file}) | {caption} |");
        }

        return md.ToString();
    }

    private static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += v;
        }

        return values.IsEmpty ? double.NaN : sum / values.Length;
    }
}
