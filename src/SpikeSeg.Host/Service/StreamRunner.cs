using Microsoft.Extensions.Logging;
using SpikeSeg.Core.Checkpoints;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Host.Service.Sources;
using SpikeSeg.Streaming.Filters;
using SpikeSeg.Streaming.Pipeline;
using SpikeSeg.Streaming.Sinks;
using SpikeSeg.Streaming.Telemetry;

namespace SpikeSeg.Host.Service;

/// <summary>
/// Runs one stream: resumes the model from the newest good checkpoint, feeds the source into its own
/// <see cref="SegmentationPipeline"/>, appends frames to the stream's JSON Lines file, checkpoints periodically,
/// and on shutdown stops reading, drains every step already read, and writes a final checkpoint.
/// </summary>
internal sealed class StreamRunner
{
    private readonly StreamPlan _plan;
    private readonly CheckpointOptions _checkpointOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CheckpointStore? _store;
    private readonly RateMeter _rate;
    private readonly Lock _checkpointGate = new();
    private volatile SegmentationPipeline? _pipeline;
    private volatile IEventSource? _source;
    private volatile StreamState _state = StreamState.Starting;
    private long _lastFrameEndUs = long.MinValue;
    private long _checkpointsWritten;
    private long _shedRecorded;
    private long[]? _filteredRecorded;
    private volatile FilterChain? _filters;
    private long _eventsRead;
    private long _lostRecorded;
    private bool _resumed;
    private readonly Dashboard.DashboardHub? _dashboard;

    public StreamRunner(StreamPlan plan, CheckpointOptions checkpoints, TimeProvider time, ILogger log, Dashboard.DashboardHub? dashboard = null)
    {
        _dashboard = dashboard;
        _plan = plan;
        _checkpointOptions = checkpoints;
        _time = time;
        _log = log;
        _rate = new RateMeter(time);
        _store = plan.CheckpointFolder is null ? null : new CheckpointStore(plan.CheckpointFolder, checkpoints.Keep, log);
    }

    public string Name => _plan.Name;

    public StreamState State => _state;

    public string? ResumedFrom { get; private set; }

    public string? LastCheckpoint { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Layer convergence for the gauge (empty before the pipeline starts).</summary>
    public IReadOnlyList<double> Convergence() => _pipeline?.LayerConvergence() ?? [];

    public async Task RunAsync(CancellationToken stopping)
    {
        if (_plan.Options.Source.Type == SourceKind.RabbitMq)
        {
            await RunCameraConsumerAsync(stopping).ConfigureAwait(false);
            return;
        }

        using var checkpointLoop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task periodic = Task.CompletedTask;
        bool ended = false;
        try
        {
            var resume = _store?.LoadLatestGood();
            ResumedFrom = resume?.Path;
            _resumed = resume is not null;
            var spec = resume?.Model.Spec ?? _plan.Spec;
            if (resume is { } r)
            {
                _log.LogInformation("Stream {Stream} resumes from {Checkpoint} (step {Step}, {Phase})", Name, r.Path, r.Model.Progress.Step, r.Model.Progress.Phase);
            }

            var source = await EventSources.OpenAsync(_plan.Options.Source, _time, _log, stopping).ConfigureAwait(false);
            _source = source;
            await using (source.ConfigureAwait(false))
            {
                var (filters, sensor) = FilterSpecs.Build(_plan.Options.Filters, source.Sensor ?? spec.DefaultSensor);
                _filters = filters;
                var engine = new EngineOptions { StreamName = Name, Sensor = sensor, Learn = _plan.Options.Learn, Continuous = true };
                var feed = _dashboard?.Attach(Name, spec.Input.Width, spec.Input.Height, engine.Sensor, spec.Input.StepUs);
                var pipeline = SegmentationPipeline.Start(spec, engine, new PipelineOptions { MailboxCapacity = _plan.Options.MailboxCapacity, StepObserver = feed }, originUs: null, checkpoint: resume?.Model);
                var counters = pipeline.Counters;
                feed?.UseCounters(() => new Dashboard.DashboardCounters(counters.EventsIn, counters.StepsOut, counters.Instances, counters.Restarts, counters.StepsSkipped, source.EventsShed, counters.EventsDropped));
                _pipeline = pipeline;
                await using (pipeline.ConfigureAwait(false))
                {
                    Task sink = Task.Run(() => SinkAsync(pipeline), CancellationToken.None);
                    _state = StreamState.Running;
                    _log.LogInformation("Stream {Stream} running: {Source}, preset {Preset}, learning {Learn}", Name, source.Description, spec.Name, _plan.Options.Learn);
                    if (_store is not null)
                    {
                        periodic = Task.Run(() => CheckpointPeriodicallyAsync(pipeline, checkpointLoop.Token), CancellationToken.None);
                    }

                    ended = await FeedAsync(source, filters, pipeline, stopping).ConfigureAwait(false);

                    // Drain: every step already read passes through the network before the final checkpoint.
                    await pipeline.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
                    await sink.ConfigureAwait(false);
                    await checkpointLoop.CancelAsync().ConfigureAwait(false);
                    await periodic.ConfigureAwait(false);
                    SaveCheckpoint(pipeline, "final");
                    _state = ended ? StreamState.Completed : StreamState.Stopped;
                    LogSummary(pipeline);
                }
            }
        }
        catch (Exception ex)
        {
            Error = ex.Message.ReplaceLineEndings(" ");
            _state = StreamState.Failed;
            _log.LogError(ex, "Stream {Stream} failed: {Error}", Name, Error);
            await checkpointLoop.CancelAsync().ConfigureAwait(false);
            await periodic.ConfigureAwait(false);
        }
    }

    public StreamStatus Status()
    {
        var pipeline = _pipeline;
        var source = _source;
        var c = pipeline?.Counters;
        long frameEnd = Interlocked.Read(ref _lastFrameEndUs);
        var convergence = new Dictionary<string, double?>(StringComparer.Ordinal);
        var values = pipeline?.LayerConvergence() ?? [];
        for (int i = 0; i < 3; i++)
        {
            convergence[$"conv{i + 1}"] = i < values.Count && !double.IsNaN(values[i]) ? values[i] : null;
        }

        return new StreamStatus(
            Name,
            _state.ToString(),
            source?.Description ?? "",
            Interlocked.Read(ref _eventsRead),
            _rate.Sample(c?.EventsIn ?? 0),
            _filters?.Removed ?? 0,
            c?.EventsBinned ?? 0,
            c?.EventsDropped ?? 0,
            source?.EventsShed ?? 0,
            source?.EventsLost ?? 0,
            source is null || frameEnd == long.MinValue ? null : Math.Max(0, source.EventTimeUs - frameEnd) / 1e6,
            c?.StepsIn ?? 0,
            c?.StepsOut ?? 0,
            c?.StepsSkipped ?? 0,
            c?.Restarts ?? 0,
            c?.Instances ?? 0,
            convergence,
            Interlocked.Read(ref _checkpointsWritten),
            LastCheckpoint,
            ResumedFrom,
            Error);
    }

    /// <summary>Reads until the source ends (true) or shutdown is requested (false).</summary>
    private async Task<bool> FeedAsync(IEventSource source, FilterChain filters, SegmentationPipeline pipeline, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            EventPacket? packet;
            try
            {
                packet = await source.ReadAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return false;
            }

            RecordSourceLosses(source);
            if (packet is null)
            {
                _log.LogInformation("Stream {Stream}: source ended", Name);
                return true;
            }

            // Not cancellable: a packet read is a packet fed, so every event read is filtered, processed or counted.
            Interlocked.Add(ref _eventsRead, packet.Count);
            filters.Apply(packet);
            RecordFiltered(filters);
            await pipeline.FeedAsync(packet, CancellationToken.None).ConfigureAwait(false);
            _rate.Sample(pipeline.Counters.EventsIn);
        }

        return false;
    }

    private void RecordFiltered(FilterChain filters)
    {
        var chain = filters.Filters;
        _filteredRecorded ??= new long[chain.Count];
        for (int i = 0; i < chain.Count; i++)
        {
            long removed = chain[i].Removed;
            if (removed > _filteredRecorded[i])
            {
                SpikeSegTelemetry.EventsFiltered.Add(removed - _filteredRecorded[i], SpikeSegTelemetry.Stream(Name), new KeyValuePair<string, object?>("filter", chain[i].Name));
                _filteredRecorded[i] = removed;
            }
        }
    }

    /// <summary>Adds what a live source shed or never received since the last call to the event counters.</summary>
    private void RecordSourceLosses(IEventSource source)
    {
        long shed = source.EventsShed;
        long lost = source.EventsLost;
        if (shed > _shedRecorded)
        {
            SpikeSegTelemetry.EventsShed.Add(shed - _shedRecorded, SpikeSegTelemetry.Stream(Name), new KeyValuePair<string, object?>("reason", "queue_full"));
            _shedRecorded = shed;
        }

        if (lost > _lostRecorded)
        {
            SpikeSegTelemetry.EventsLost.Add(lost - _lostRecorded, SpikeSegTelemetry.Stream(Name));
            _lostRecorded = lost;
        }
    }

    private async Task SinkAsync(SegmentationPipeline pipeline)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_plan.FramesFile)!);
        var file = new FileStream(_plan.FramesFile, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        await using var writer = new JsonLinesFrameWriter(file);
        await foreach (var frame in pipeline.Frames.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            Interlocked.Exchange(ref _lastFrameEndUs, frame.TEndUs);
            if (frame.Instances.Count > 0 || _plan.Options.AllSteps)
            {
                writer.Write(frame);
            }
        }
    }

    private async Task CheckpointPeriodicallyAsync(SegmentationPipeline pipeline, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_checkpointOptions.IntervalSeconds), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                SaveCheckpoint(pipeline, "periodic");
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown: the final checkpoint follows the drain.
        }
    }

    private void SaveCheckpoint(SegmentationPipeline pipeline, string reason)
    {
        if (_store is null)
        {
            return;
        }

        // Before the first step reached the segmenter some layer has no snapshot yet, so there is no model to save.
        if (pipeline.Counters.StepsOut == 0 && !_resumed)
        {
            _log.LogInformation("Stream {Stream}: no {Reason} checkpoint, no step has completed yet", Name, reason);
            return;
        }

        lock (_checkpointGate)
        {
            try
            {
                ModelCheckpoint model = pipeline.Capture();
                string path = _store.Write(model);
                LastCheckpoint = path;
                Interlocked.Increment(ref _checkpointsWritten);
                SpikeSegTelemetry.Checkpoints.Add(1, SpikeSegTelemetry.Stream(Name));
                _log.LogInformation("Stream {Stream}: {Reason} checkpoint {Path} at step {Step}", Name, reason, path, model.Progress.Step);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                _log.LogWarning("Stream {Stream}: {Reason} checkpoint not written: {Problem}", Name, reason, ex.Message);
            }
        }
    }

    private void LogSummary(SegmentationPipeline pipeline)
    {
        var c = pipeline.Counters;
        _log.LogInformation(
            "Stream {Stream} {State}: events read={EventsRead} filtered={EventsFiltered} binned={EventsBinned} dropped={EventsDropped}; steps in={StepsIn} out={StepsOut} skipped={StepsSkipped}; restarts={Restarts} detections={Detections}",
            Name, _state, Interlocked.Read(ref _eventsRead), _filters?.Removed ?? 0, c.EventsBinned, c.EventsDropped, c.StepsIn, c.StepsOut, c.StepsSkipped, c.Restarts, c.Instances);
    }

    /// <summary>
    /// The consumer role of one camera on RabbitMQ: the broker's single-active-consumer decides whether this host
    /// serves the camera now or waits as the standby; results go to the results exchange; the camera's model is
    /// checkpointed into this stream's folder, which hosts that may serve the camera share (docs/scale-out.md).
    /// </summary>
    private async Task RunCameraConsumerAsync(CancellationToken stopping)
    {
        try
        {
            var options = _plan.Options.Source;
            string folder = _plan.CheckpointFolder ?? Path.GetFullPath(Path.Combine("checkpoints", Name));
            var directory = new ScaleOut.CheckpointDirectory(folder, options.Camera, keep: 3, _log);
            var engine = new EngineOptions { StreamName = Name, Sensor = _plan.Spec.DefaultSensor, Learn = _plan.Options.Learn, Continuous = true };
            var processor = new ScaleOut.EngineCameraProcessor(_plan.Spec, engine, directory, options.CheckpointEveryBatches, _log);
            processor.Loaded += resumed =>
            {
                ResumedFrom = resumed is ulong s ? $"{options.Camera} batch {s}" : null;
                _log.LogInformation("Stream {Stream} is the active consumer of camera {Camera}; resumed from batch {Sequence}", Name, options.Camera, resumed);
            };
            var consumer = new ScaleOut.RabbitCameraConsumer(Cli.BrokerUri.Parse(options.Broker), options.Camera, (ushort)options.Prefetch, processor, _log);
            _state = StreamState.Running;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var running = consumer.RunAsync(stop.Token);
            await Task.WhenAny(consumer.EndOfStream, running).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await running.ConfigureAwait(false);
            _state = consumer.EndOfStream.IsCompleted ? StreamState.Completed : StreamState.Stopped;
            _log.LogInformation("Stream {Stream}: {Processed} batches, {Duplicates} duplicates, {Dead} dead-lettered, {Gaps} missing",
                Name, consumer.Counters.Processed, consumer.Counters.Duplicates, consumer.Counters.DeadLettered, consumer.Counters.Gaps);
        }
        catch (Exception ex)
        {
            Error = ex.Message.ReplaceLineEndings(" ");
            _state = StreamState.Failed;
            _log.LogError(ex, "Stream {Stream} failed: {Error}", Name, Error);
        }
    }
}
