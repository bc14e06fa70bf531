using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Evaluation;
using SpikeSeg.Core.Output;
using SpikeSeg.Host.Dashboard;
using SpikeSeg.Streaming.Checkpoints;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Streaming.Imaging;
using SpikeSeg.Streaming.Rendering;
using SpikeSeg.Streaming.Reporting;
using SpikeSeg.Streaming.Running;
using SpikeSeg.Streaming.Sinks;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Host.Cli;

/// <summary>
/// <c>spikeseg demo</c>: the embedded default. Synthesises a DAVIS240C sky with satellites, learns online from
/// random weights, segments and tracks, scores the second half against the scene's ground truth, and writes a
/// report folder (report.md with figures, frames, renders, labels, model checkpoint).
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Length of the synthetic scene in seconds", DefaultValueFactory = _ => 30 };
        var seed = new Option<ulong>("--seed") { Description = "Scene seed (same seed, same scene)", DefaultValueFactory = _ => 1 };
        var objects = new Option<int>("--objects") { Description = "Satellites in the scene (1–5)", DefaultValueFactory = _ => 3 };
        var preset = new Option<string>("--preset") { Description = "Network preset (name or file)", DefaultValueFactory = _ => "sda" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Report folder", DefaultValueFactory = _ => new DirectoryInfo("spikeseg-demo") };
        var renders = new Option<int>("--renders") { Description = "Most PNG renders to write", DefaultValueFactory = _ => 12 };
        var serve = new Option<bool>("--serve") { Description = "Instead of a report: run the sky in real time and serve the live dashboard on 127.0.0.1 until Ctrl-C (without --seconds the sky does not end)" };
        var port = new Option<int>("--port") { Description = "Dashboard port on 127.0.0.1 with --serve (0 picks a free one)", DefaultValueFactory = _ => 8090 };
        var speed = new Option<double>("--speed") { Description = "With --serve: stream seconds per wall second", DefaultValueFactory = _ => 1.0 };
        var command = new Command("demo", "Synthesise a sky with satellites, learn online, segment, track, score, and write a report folder (or serve a live dashboard).")
        {
            seconds, seed, objects, preset, output, renders, serve, port, speed,
        };
        command.SetAction(async (parse, ct) =>
        {
            var console = parse.InvocationConfiguration.Output;
            if (!parse.GetValue(serve))
            {
                return Run(parse.GetValue(seconds), parse.GetValue(seed), parse.GetValue(objects), parse.GetValue(preset)!, parse.GetValue(output)!, parse.GetValue(renders), console);
            }

            double? length = parse.GetResult(seconds) is { Implicit: false } ? parse.GetValue(seconds) : null;
            var options = new DemoServeOptions(length, parse.GetValue(seed), parse.GetValue(objects), parse.GetValue(preset)!, parse.GetValue(speed), parse.GetValue(port));
            return await ServeAsync(options, console, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary><c>demo --serve</c>: prints the dashboard's address, runs until <paramref name="ct"/> (Ctrl-C, SIGTERM), prints a summary.</summary>
    internal static async Task<int> ServeAsync(DemoServeOptions options, TextWriter console, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        await using var server = await DemoServer.StartAsync(options).ConfigureAwait(false);
        string length = options.Seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s} s") : "endless";
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sky         synthetic {SkyScenes.Sda}, {length}, seed {options.Seed}, {options.Objects} satellites, {options.Speed}x real time, learning online"));
        console.WriteLine($"dashboard   {server.Url}{DashboardEndpoints.PagePath}   (Ctrl-C to stop)");
        console.Flush();
        await server.RunAsync(ct).ConfigureAwait(false);
        var c = server.Counters;
        var d = server.Hub.Status();
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stopped     {c.EventsIn:N0} events, {c.StepsOut:N0} steps, {server.Detections:N0} instances; dashboard {d.UpdatesSent:N0} updates sent, {d.UpdatesDroppedStale:N0} stale, {d.UpdatesDroppedSlowClient:N0} dropped for slow browsers"));
        return ExitCodes.Success;
    }

    public static int Run(double seconds, ulong seed, int objects, string presetName, DirectoryInfo output, int maxRenders, TextWriter console)
    {
        var wall = Stopwatch.StartNew();
        var spec = PresetLoader.Load(presetName);
        var scene = SkyScenes.Create(SkyScenes.Sda, seconds, seed, spec.DefaultSensor, objects);
        output.Create();
        string rendersDir = Path.Combine(output.FullName, "renders");
        Directory.CreateDirectory(rendersDir);

        var options = new EngineOptions { StreamName = "demo", Sensor = scene.Sensor, Learn = true, Continuous = true };
        var run = new SegmentationRun(spec, options, originUs: 0);
        var recorder = new EvaluationRecorder(run, scoreFromUs: scene.DurationUs / 2, scoreEventIou: true);
        var canvas = new EventCanvas(spec.Input.Width, spec.Input.Height);
        var slices = new List<ScoredSlice>();
        var labels = new List<LabelPoint>();
        using var frames = JsonLinesFrameWriter.Create(Path.Combine(output.FullName, "frames.jsonl"));
        int rendered = 0;
        long renderEverySteps = Math.Max(1, (long)(seconds * 1e6 / spec.Input.StepUs / Math.Max(maxRenders, 1)));
        long nextRenderStep = (long)(seconds * 1e6 / spec.Input.StepUs / 2);
        run.OnFrame((frame, recorder) =>
        {
            canvas.Step(recorder.LastCells);
            slices.Add(new ScoredSlice(frame.TStartUs, frame.TEndUs,
                frame.Instances.Select(i => new ScoredDetection(i.CentroidX, i.CentroidY, i.X0, i.Y0, i.X1, i.Y1, i.Track, i.TrackConfirmed)).ToList()));
            if (frame.Instances.Count == 0)
            {
                return;
            }

            frames.Write(frame);
            if (rendered < maxRenders && frame.Step >= nextRenderStep && frame.Instances.Any(i => i.TrackConfirmed))
            {
                PngEncoder.WriteFile(FrameRenderer.Render(canvas, frame), Path.Combine(rendersDir, $"step-{frame.Step:D7}.png"));
                rendered++;
                nextRenderStep = frame.Step + renderEverySteps;
            }
        });

        var progress = new ProgressReporter(console);
        progress.Run("demo", scene.DurationUs, report =>
        {
            foreach (var chunk in SkySceneGenerator.Generate(scene))
            {
                recorder.Feed(chunk.Events, chunk.ObjectIds);
                foreach (var l in chunk.Labels)
                {
                    labels.Add(new LabelPoint(l.TimestampUs, l.ObjectId, l.X, l.Y));
                }

                report(chunk.EndUs, $"{run.Engine.Statistics.Instances} instances");
            }

            recorder.Complete();
            return 0;
        });

        var engine = run.Engine;
        var checkpointPath = Path.Combine(output.FullName, "model.spikeseg");
        CheckpointWriter.Write(checkpointPath, EngineCheckpoint.Capture(engine));
        LabelsCsv.WriteFile(Path.Combine(output.FullName, "labels.csv"), labels.Select(l => new LabelRow(l.TUs, l.ObjectId, l.X, l.Y)));
        var score = DetectionScorer.Score(slices, labels, scene.Sensor.Width, scene.Sensor.Height, 3.0, scoreFromUs: scene.DurationUs / 2);
        ReportWriter.Write(output.FullName, new ReportContext($"synthetic {SkyScenes.Sda} sky, {seconds} s, seed {seed}", $"preset {spec.Name} (random initial weights)", Learned: true, scene.DurationUs / 2),
            score, recorder, engine, labels);
        PrintSummary(console, run, score, wall.Elapsed, scene.DurationUs, output.FullName, rendered);
        return ExitCodes.Success;
    }

    private static void PrintSummary(TextWriter console, SegmentationRun run, EvaluationReport score, TimeSpan wall, long sceneUs, string folder, int rendered)
    {
        var s = run.Engine.Statistics;
        var (c1, c2, c3) = run.Engine.Convergence();
        var inv = CultureInfo.InvariantCulture;
        console.WriteLine(string.Create(inv, $"events      {run.EventsIn:N0} in {sceneUs / 1e6:F1} s of sky"));
        console.WriteLine(string.Create(inv, $"steps       {s.Steps:N0} ({s.EmptySteps:N0} empty), windows {s.Windows:N0}"));
        console.WriteLine(string.Create(inv, $"spikes      conv1 {s.Conv1Spikes:N0}, conv2 {s.Conv2Spikes:N0}, conv3 {s.Conv3Spikes:N0}; STDP updates {s.StdpUpdates:N0}"));
        foreach (var stage in run.Engine.Stages.Where(st => st.Learner is not null))
        {
            var l = stage.Learner!;
            console.WriteLine(string.Create(inv, $"learning    {stage.Name}: {l.Phase}, {l.StopRule.EpochsCompleted} epochs, best win ratio {Math.Max(0, l.StopRule.BestRatio):F2}, last decision {l.LastDecision}"));
        }

        console.WriteLine(string.Create(inv, $"convergence C = mean(w(1-w)): conv1 {c1:F4}, conv2 {c2:F4}, conv3 {c3:F4}"));
        console.WriteLine(string.Create(inv, $"detections  {s.Instances:N0} instances in {s.FramesWithInstances:N0} steps; tracks {run.Engine.Segmenter.Tracker.TracksCreated:N0} opened"));
        console.WriteLine(string.Create(inv, $"score       second half, 3 px: precision {score.Precision:F3}, recall {score.Recall:F3}, F1 {score.F1:F3}, informedness {score.Informedness:F3}, false tracks/min {score.FalseTracksPerMinute:F1} ({score.FalseConfirmedTracksPerMinute:F1} confirmed)"));
        double eps = run.EventsIn / run.Busy.TotalSeconds;
        console.WriteLine(string.Create(inv, $"throughput  {eps / 1e6:F2} M events/s, {s.Steps / run.Busy.TotalSeconds:N0} steps/s, {sceneUs / 1e6 / run.Busy.TotalSeconds:F1}x real time (network only); wall {wall.TotalSeconds:F1} s"));
        console.WriteLine($"report      {folder} (report.md with figures, frames.jsonl, labels.csv, model.spikeseg, {rendered} renders)");
    }
}
