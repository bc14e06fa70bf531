using System.Globalization;
using System.Text.Json;
using SpikeSeg.Core;
using SpikeSeg.Core.Checkpoints;
using SpikeSeg.Core.Learning;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Streaming.Imaging;
using SpikeSeg.Streaming.Reporting;

namespace SpikeSeg.Host.Cli;

/// <summary>One layer of a model as <c>inspect MODEL</c> reports it.</summary>
public sealed record LayerSummary(string Name, int[] Shape, double Convergence, WeightStatistics Weights, double ThresholdMin, double ThresholdMean, double ThresholdMax, long Wins);

/// <summary><c>inspect MODEL</c>: a checkpoint's configuration, training progress, and per-layer convergence and weight statistics.</summary>
public static class ModelInspection
{
    /// <summary>The first bytes of every checkpoint file (docs/preprocessing-and-checkpoints.md).</summary>
    private static ReadOnlySpan<byte> Magic => "SPKSEGCK"u8;

    /// <summary>Whether the file starts with the checkpoint magic <c>SPKSEGCK</c> (stdin never is a model).</summary>
    public static bool IsCheckpoint(string path)
    {
        if (path == "-" || !File.Exists(path))
        {
            return false;
        }

        Span<byte> head = stackalloc byte[8];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(Magic);
    }

    public static IReadOnlyList<LayerSummary> Summarise(ModelCheckpoint model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Layers.Select(l => new LayerSummary(
            l.Name, l.Shape, ConvergenceMetric.Compute(l.Weights), WeightStatistics.Of(l.Weights),
            l.Thresholds.Length == 0 ? double.NaN : l.Thresholds.Min(),
            l.Thresholds.Length == 0 ? double.NaN : l.Thresholds.Average(t => (double)t),
            l.Thresholds.Length == 0 ? double.NaN : l.Thresholds.Max(),
            l.Wins.Sum())).ToList();
    }

    /// <summary>Renders each layer's kernels as <c>kernels-NAME.png</c> in <paramref name="folder"/>; returns the paths.</summary>
    public static IReadOnlyList<string> RenderKernels(ModelCheckpoint model, string folder)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var layer in model.Layers)
        {
            if (layer.Shape.Length != 4 || layer.Shape[2] != layer.Shape[3])
            {
                throw new InvalidInputException($"checkpoint: layer {layer.Name} has shape [{string.Join(',', layer.Shape)}], not (out, in, k, k)");
            }

            string path = Path.Combine(folder, $"kernels-{layer.Name}.png");
            PngEncoder.WriteFile(KernelMosaic.Render(layer.Weights, layer.Shape[0], layer.Shape[1], layer.Shape[2], layer.Shape[2] <= 5 ? 4 : 3), path);
            paths.Add(path);
        }

        return paths;
    }

    public static string ToText(ModelCheckpoint model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = CultureInfo.InvariantCulture;
        var p = model.Progress;
        var lines = new List<string>
        {
            $"model       {path} (checkpoint format {model.FormatVersion})",
            $"network     {model.Spec.Name}, input {model.Spec.Input.Width}x{model.Spec.Input.Height}, {model.Spec.Input.StepUs} µs steps, {model.Spec.Input.StepsPerWindow} steps per window",
            string.Create(c, $"training    {p.Phase}, current layer {p.CurrentLayer}, epoch {p.Epoch}, step {p.Step:N0}, samples {p.SamplesSeen:N0}, {p.History.Count} convergence points"),
            "layer   shape         C=mean(w(1-w))  w min / mean / max        near 0 / near 1   threshold min / mean / max   wins",
        };
        foreach (var l in Summarise(model))
        {
            var w = l.Weights;
            lines.Add(string.Create(c,
                $"{l.Name,-7} {string.Join('x', l.Shape),-13} {l.Convergence,14:F4}  {w.Min,7:F3} / {w.Mean,6:F3} / {w.Max,6:F3}  {w.FractionNearZero,7:P1} / {w.FractionNearOne,7:P1}  {l.ThresholdMin,8:F3} / {l.ThresholdMean,6:F3} / {l.ThresholdMax,6:F3}  {l.Wins,6}"));
        }

        lines.Add("configuration");
        lines.Add(IndentedSpec(model));
        return string.Join(Environment.NewLine, lines);
    }

    public static string ToJson(ModelCheckpoint model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model", path);
            w.WriteNumber("format_version", model.FormatVersion);
            w.WriteString("phase", model.Progress.Phase.ToString());
            w.WriteNumber("current_layer", model.Progress.CurrentLayer);
            w.WriteNumber("epoch", model.Progress.Epoch);
            w.WriteNumber("step", model.Progress.Step);
            w.WriteStartArray("layers");
            foreach (var l in Summarise(model))
            {
                w.WriteStartObject();
                w.WriteString("name", l.Name);
                w.WriteStartArray("shape");
                foreach (int d in l.Shape)
                {
                    w.WriteNumberValue(d);
                }

                w.WriteEndArray();
                w.WriteNumber("convergence", l.Convergence);
                w.WriteNumber("weight_min", l.Weights.Min);
                w.WriteNumber("weight_mean", l.Weights.Mean);
                w.WriteNumber("weight_max", l.Weights.Max);
                w.WriteNumber("fraction_near_0", l.Weights.FractionNearZero);
                w.WriteNumber("fraction_near_1", l.Weights.FractionNearOne);
                w.WriteNumber("threshold_mean", l.ThresholdMean);
                w.WriteNumber("wins", l.Wins);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WritePropertyName("spec");
            using (var spec = JsonDocument.Parse(PresetJson.Serialize(model.Spec)))
            {
                spec.RootElement.WriteTo(w);
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string IndentedSpec(ModelCheckpoint model)
    {
        using var spec = JsonDocument.Parse(PresetJson.Serialize(model.Spec));
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            spec.RootElement.WriteTo(w);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
