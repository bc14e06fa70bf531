using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpikeSeg.Core;
using SpikeSeg.Core.Engine;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Streaming.Pipeline;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Host.Dashboard;

/// <summary>What <c>spikeseg demo --serve</c> runs.</summary>
/// <param name="Seconds">Scene length; null for a scene that outlasts any session (objects keep crossing the sky).</param>
/// <param name="Speed">Stream seconds per wall second.</param>
/// <param name="Port">Port on 127.0.0.1; 0 picks a free one.</param>
internal sealed record DemoServeOptions(double? Seconds, ulong Seed, int Objects, string Preset, double Speed, int Port);

/// <summary>
/// The demo behind the dashboard: a synthetic sky paced to the wall clock through the live actor pipeline, learning
/// online from random weights, with the dashboard served on 127.0.0.1 only. After the scene ends the last view stays
/// up until the caller cancels.
/// </summary>
internal sealed class DemoServer : IAsyncDisposable
{
    public const string StreamName = "demo";

    private readonly WebApplication _app;
    private readonly SegmentationPipeline _pipeline;
    private readonly SkySceneOptions _scene;
    private readonly double _speed;
    private long _detections;

    private DemoServer(WebApplication app, DashboardHub hub, SegmentationPipeline pipeline, SkySceneOptions scene, double speed, string url)
    {
        _app = app;
        Hub = hub;
        _pipeline = pipeline;
        _scene = scene;
        _speed = speed;
        Url = url;
    }

    /// <summary>Base address, e.g. http://127.0.0.1:8090 (the page is at <see cref="DashboardEndpoints.PagePath"/>).</summary>
    public string Url { get; }

    public DashboardHub Hub { get; }

    public SkySceneOptions Scene => _scene;

    public PipelineCounters Counters => _pipeline.Counters;

    /// <summary>Whether the whole scene has been fed and segmented.</summary>
    public bool SceneEnded { get; private set; }

    public long Detections => Interlocked.Read(ref _detections);

    public static async Task<DemoServer> StartAsync(DemoServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Port is < 0 or > 65535)
        {
            throw new InvalidInputException($"--port: {options.Port} is outside 0..65535");
        }

        if (!double.IsFinite(options.Speed) || options.Speed <= 0 || options.Speed > 1000)
        {
            throw new InvalidInputException($"--speed: {options.Speed} is outside (0, 1000]");
        }

        var spec = PresetLoader.Load(options.Preset);
        var scene = SkyScenes.Create(SkyScenes.Sda, options.Seconds ?? 1e7, options.Seed, spec.DefaultSensor, options.Objects);
        var hub = new DashboardHub();
        var feed = hub.Attach(StreamName, spec.Input.Width, spec.Input.Height, scene.Sensor, spec.Input.StepUs);
        var engine = new EngineOptions { StreamName = StreamName, Sensor = scene.Sensor, Learn = true, Continuous = true };
        // Short mailboxes: a live view wants little in flight (what is queued is display latency, and must drain on stop).
        var pipeline = SegmentationPipeline.Start(spec, engine, new PipelineOptions { StepObserver = feed, MailboxCapacity = 8, FrameCapacity = 8 }, originUs: 0);
        var c = pipeline.Counters;
        feed.UseCounters(() => new DashboardCounters(c.EventsIn, c.StepsOut, c.Instances, c.Restarts, c.StepsSkipped, EventsShed: 0, c.EventsDropped));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "spikeseg", ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.Sources.Clear(); // no ASPNETCORE_ variables or appsettings: the demo binds where it says
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.UseWebSockets();
        DashboardEndpoints.Map(app, hub);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await hub.DisposeAsync().ConfigureAwait(false);
            await pipeline.DisposeAsync().ConfigureAwait(false);
            throw new InvalidInputException($"--port {options.Port}: cannot listen on 127.0.0.1 ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }

        hub.Start();
        return new DemoServer(app, hub, pipeline, scene, options.Speed, app.Urls.First().TrimEnd('/'));
    }

    /// <summary>Feeds the scene in real time (times the speed) until it ends, then keeps serving until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var drain = Task.Run(DrainFramesAsync, CancellationToken.None);
        var pacer = new ScenePacer(_speed);
        try
        {
            foreach (var chunk in SkySceneGenerator.Generate(_scene))
            {
                // Checked every chunk: when the network runs behind the clock the pacer never waits, so never sees ct.
                ct.ThrowIfCancellationRequested();
                await pacer.WaitUntilAsync(chunk.EndUs, ct).ConfigureAwait(false);

                // The chunk is refilled by the next iteration; the binner has copied what it needs when FeedAsync returns.
                await _pipeline.FeedAsync(chunk.Events, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stop feeding; what was fed still drains below.
        }

        await _pipeline.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        await drain.ConfigureAwait(false);
        SceneEnded = !ct.IsCancellationRequested;
        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C: the last view was served until now.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _pipeline.DisposeAsync().ConfigureAwait(false);
    }

    private async Task DrainFramesAsync()
    {
        await foreach (var frame in _pipeline.Frames.ReadAllAsync().ConfigureAwait(false))
        {
            Interlocked.Add(ref _detections, frame.Instances.Count);
        }
    }
}
