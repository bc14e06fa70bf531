using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Network;
using SpikeSeg.Host.Bench;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Host.Cli;

/// <summary>
/// <c>spikeseg bench</c>: the end-to-end throughput harness (issue 8). Holds the input in memory, runs binner and
/// network on N independent streams, reports medians of events/s, steps/s, real-time factor, step latency,
/// peak RSS and bytes allocated per steady-state step; optionally the dense baseline beside it, or a paced soak.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--input") { Description = "Event file in any readable format (instead of --scene)" };
        var scene = new Option<string>("--scene") { Description = "Synthetic scene: reference-bench, sda-davis or sda-gen4", DefaultValueFactory = _ => SkyScenes.ReferenceBench };
        var seconds = new Option<double>("--seconds") { Description = "Length of the synthetic scene (soak: ignored)", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Scene seed", DefaultValueFactory = _ => 1 };
        var preset = new Option<string>("--preset") { Description = "Network preset (name or file)", DefaultValueFactory = _ => "reference-config" };
        var dtUs = new Option<long?>("--dt-us") { Description = "Step length in µs (default: the preset's)" };
        var mode = new Option<BenchMode>("--mode") { Description = "infer or learn (online STDP)", DefaultValueFactory = _ => BenchMode.Infer };
        var threads = new Option<int>("--threads") { Description = "Independent streams, one per thread", DefaultValueFactory = _ => 1 };
        var baseline = new Option<string?>("--baseline") { Description = "Also run a baseline: dense (time-stepped engine)" };
        var repeat = new Option<int>("--repeat") { Description = "Runs per configuration; medians are reported", DefaultValueFactory = _ => 3 };
        var windowed = new Option<bool>("--windowed") { Description = "Reference window semantics (reset and fire-once per window) instead of continuous" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var warmUp = new Option<double>("--warmup-s") { Description = "Least wall time of untimed passes before the timed runs (at least one pass)", DefaultValueFactory = _ => BenchRunner.DefaultWarmUp.TotalSeconds };
        var pipeline = new Option<bool>("--pipeline") { Description = "One stream through the actor pipeline (a thread per busy stage) on a pool of --threads workers" };
        var soak = new Option<double?>("--soak") { Description = "Paced real-time soak of this many minutes (1 ms steps, learning on)" };
        var command = new Command("bench", "Measure end-to-end throughput, latency, memory and allocation of the engine on a recording or a synthetic scene.")
        {
            input, scene, seconds, seed, preset, dtUs, mode, threads, baseline, repeat, windowed, json, pipeline, warmUp, soak,
        };
        command.SetAction(parse =>
        {
            var request = new BenchRequest(
                parse.GetValue(input), parse.GetValue(scene)!, parse.GetValue(seconds), parse.GetValue(seed), parse.GetValue(preset)!,
                parse.GetValue(dtUs), parse.GetValue(mode), parse.GetValue(threads), parse.GetValue(baseline), parse.GetValue(repeat),
                parse.GetValue(windowed), parse.GetValue(json), parse.GetValue(pipeline), parse.GetValue(warmUp));
            var soakMinutes = parse.GetValue(soak);
            return soakMinutes is { } m ? RunSoak(request, m, parse.InvocationConfiguration.Output) : Run(request, parse.InvocationConfiguration.Output);
        });
        return command;
    }

    public static int Run(BenchRequest request, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(console);
        request.Validate();
        var spec = request.Spec(stepUsOverride: null);
        var data = request.Input is { } path ? BenchInput.FromFile(path, spec.DefaultSensor) : BenchInput.FromScene(request.Scene, request.Seconds, request.Seed);
        var options = request.Options(data.Sensor, EncoderEngine.EventDriven);
        var warmUpTime = TimeSpan.FromSeconds(request.WarmUpSeconds);
        var figures = BenchRunner.Measure(spec, options, data, request.Threads, request.Repeat, request.Pipeline, warmUpTime);
        BenchFigures? dense = null;
        if (request.Baseline is not null)
        {
            dense = BenchRunner.Measure(spec, options with { Engine = EncoderEngine.Dense }, data, request.Threads, request.Repeat, warmUp: warmUpTime);
        }

        var inv = CultureInfo.InvariantCulture;
        if (request.Json)
        {
            console.WriteLine(ToJson(request, spec, data, figures, dense));
            return ExitCodes.Success;
        }

        console.WriteLine(string.Create(inv, $"input       {data.Name}: {data.Events:N0} events over {data.DurationUs / 1e6:F2} s, {data.Sensor.Width}x{data.Sensor.Height}, held in memory ({data.InputBytes / 1048576.0:F1} MB)"));
        string threading = request.Pipeline ? $"one stream through the actor pipeline on {request.Threads} pool threads" : $"{request.Threads} thread(s)";
        console.WriteLine(string.Create(inv, $"config      preset {spec.Name}, dt {spec.Input.StepUs} us, {request.Mode.ToString().ToLowerInvariant()}, {(request.Windowed ? "windowed" : "continuous")}, {threading}, medians of {request.Repeat}"));
        Print(console, "event-driven", figures);
        if (dense is not null)
        {
            Print(console, "dense", dense);
            console.WriteLine(string.Create(inv, $"speed-up    event-driven / dense = {figures.EventsPerS / dense.EventsPerS:F2}x"));
        }

        return ExitCodes.Success;
    }

    public static int RunSoak(BenchRequest request, double minutes, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(console);
        if (!double.IsFinite(minutes) || minutes <= 0 || minutes > 24 * 60)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"bench setting '--soak': {minutes} minutes is outside (0, 1440]"));
        }

        string scene = request.Scene == SkyScenes.ReferenceBench ? SkyScenes.SdaDavis : request.Scene;
        var spec = request.Spec(stepUsOverride: request.DtUs ?? 1000);
        var options = request.Options(Core.Events.SensorGeometry.Davis240C, EncoderEngine.EventDriven) with { Learn = true };
        var s = SoakRunner.Run(spec, options, scene, minutes, request.Seed, console);
        var inv = CultureInfo.InvariantCulture;
        if (request.Json)
        {
            var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("scene", scene);
                w.WriteNumber("minutes", s.Minutes);
                w.WriteBoolean("kept_real_time", s.KeptRealTime);
                w.WriteNumber("busy_fraction", s.BusyFraction);
                w.WriteNumber("max_lag_ms", s.MaxLagMs);
                w.WriteNumber("latency_p50_us", s.LatencyP50Us);
                w.WriteNumber("latency_p99_us", s.LatencyP99Us);
                w.WriteNumber("events_generated", s.EventsGenerated);
                w.WriteNumber("events_processed", s.EventsProcessed);
                w.WriteNumber("events_shed", s.EventsShed);
                w.WriteNumber("packets_shed", s.PacketsShed);
                w.WriteNumber("skipped_unravels", s.SkippedUnravels);
                w.WriteNumber("steps_skipped_in_gaps", s.StepsSkippedInGaps);
                w.WriteNumber("peak_rss_mb", s.PeakRssMb);
                w.WriteEndObject();
            }

            console.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
            return ExitCodes.Success;
        }

        console.WriteLine(string.Create(inv, $"soak        {scene}, {minutes:F1} min, dt {spec.Input.StepUs} us, learning on: kept real time {(s.KeptRealTime ? "yes" : "NO")}, busy {s.BusyFraction * 100:F1} %, max lag {s.MaxLagMs:F1} ms"));
        console.WriteLine(string.Create(inv, $"latency     p50 {s.LatencyP50Us:F1} us, p99 {s.LatencyP99Us:F1} us over {s.Steps:N0} steps"));
        console.WriteLine(string.Create(inv, $"accounting  generated {s.EventsGenerated:N0}, processed {s.EventsProcessed:N0}, shed {s.EventsShed:N0} events in {s.PacketsShed:N0} packets; skipped unravels {s.SkippedUnravels:N0}, steps skipped in gaps {s.StepsSkippedInGaps:N0}"));
        console.WriteLine(string.Create(inv, $"memory      peak RSS {s.PeakRssMb:F1} MB; last RSS {s.Memory[^1].RssMb:F1} MB, managed heap {s.Memory[^1].ManagedHeapMb:F1} MB"));
        return ExitCodes.Success;
    }

    private static void Print(TextWriter console, string label, BenchFigures f)
    {
        var inv = CultureInfo.InvariantCulture;
        console.WriteLine(string.Create(inv, $"{label,-14}{f.EventsPerS / 1e6:F2} M events/s, {f.StepsPerS:N0} steps/s, {f.RealtimeFactor:F1}x real time, step latency p50 {f.LatencyP50Us:F1} us p99 {f.LatencyP99Us:F1} us, peak RSS {f.PeakRssMb:F0} MB, {f.AllocBytesPerStep:F1} B allocated/step"));
        var st = f.Stages;
        console.WriteLine(string.Create(inv, $"{"",-14}{f.EventsPerCpuS / 1e6:F2} M events per CPU second of the stream threads (robust to other load)"));
        if (!double.IsFinite(st.Conv1))
        {
            return;
        }

        console.WriteLine(string.Create(inv, $"{"",-14}stage ms (stream 0): binner+other {st.BinnerAndOther * 1e3:F1}, conv1 {st.Conv1 * 1e3:F1}, conv2 {st.Conv2 * 1e3:F1}, conv3 {st.Conv3 * 1e3:F1}, segmenter {st.Segmenter * 1e3:F1}, window end {st.WindowEnd * 1e3:F1}"));
        if (f.Spikes is { } spikes)
        {
            console.WriteLine(string.Create(inv, $"{"",-14}spikes per run (stream 0): conv1 {spikes.Conv1:N0}, conv2 {spikes.Conv2:N0}, conv3 {spikes.Conv3:N0}"));
        }
    }

    private static string ToJson(BenchRequest request, NetworkSpec spec, BenchInput data, BenchFigures figures, BenchFigures? dense)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("input", data.Name);
            w.WriteString("preset", spec.Name);
            w.WriteNumber("dt_us", spec.Input.StepUs);
            w.WriteString("mode", request.Mode.ToString().ToLowerInvariant());
            w.WriteNumber("threads", request.Threads);
            w.WriteBoolean("pipeline", request.Pipeline);
            w.WriteNumber("repeat", request.Repeat);
            w.WriteNumber("events", data.Events);
            w.WriteNumber("input_mb", data.InputBytes / 1048576.0);
            WriteFigures(w, figures);
            if (dense is not null)
            {
                w.WriteStartObject("dense");
                WriteFigures(w, dense);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteFigures(Utf8JsonWriter w, BenchFigures f)
    {
        w.WriteNumber("events_per_s", f.EventsPerS);
        w.WriteNumber("steps_per_s", f.StepsPerS);
        w.WriteNumber("realtime_factor", f.RealtimeFactor);
        w.WriteNumber("latency_p50_us", f.LatencyP50Us);
        w.WriteNumber("latency_p99_us", f.LatencyP99Us);
        w.WriteNumber("peak_rss_mb", f.PeakRssMb);
        w.WriteNumber("alloc_bytes_per_step", f.AllocBytesPerStep);
        w.WriteNumber("wall_s", f.WallSeconds);
        if (double.IsFinite(f.EventsPerCpuS))
        {
            w.WriteNumber("events_per_cpu_s", f.EventsPerCpuS);
        }

        if (!double.IsFinite(f.Stages.Conv1))
        {
            // The pipeline's stages run on their own threads; their times are not split.
            return;
        }

        w.WriteStartObject("stage_s");
        w.WriteNumber("binner_and_other", f.Stages.BinnerAndOther);
        w.WriteNumber("conv1", f.Stages.Conv1);
        w.WriteNumber("conv2", f.Stages.Conv2);
        w.WriteNumber("conv3", f.Stages.Conv3);
        w.WriteNumber("segmenter", f.Stages.Segmenter);
        w.WriteNumber("window_end", f.Stages.WindowEnd);
        w.WriteEndObject();
        if (f.Spikes is { } spikes)
        {
            w.WriteStartObject("spikes");
            w.WriteNumber("conv1", spikes.Conv1);
            w.WriteNumber("conv2", spikes.Conv2);
            w.WriteNumber("conv3", spikes.Conv3);
            w.WriteEndObject();
        }
    }
}
