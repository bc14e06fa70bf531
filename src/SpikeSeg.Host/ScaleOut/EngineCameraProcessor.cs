using Microsoft.Extensions.Logging;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Running;
using SpikeSeg.Streaming.Wire;

namespace SpikeSeg.Host.ScaleOut;

/// <summary>
/// One camera's network behind a broker consumer: batches go through the binner and engine in sequence order,
/// the frames with instances that a batch completed travel back with the batch's sequence number, and every
/// <c>checkpointEvery</c> committed batches the model (with that sequence) is saved to the shared directory, so a
/// standby host resumes learning where this one stopped.
/// </summary>
public sealed class EngineCameraProcessor : ICameraProcessor
{
    private readonly CheckpointDirectory _checkpoints;
    private readonly int _checkpointEvery;
    private readonly ILogger _logger;
    private readonly List<SegmentationFrame> _completed = [];
    private readonly EventPacket _packet = new();
    private readonly NetworkSpec _spec;
    private readonly EngineOptions _options;
    private SegmentationRun? _run;
    private ulong? _lastSequence;
    private int _sinceCheckpoint;

    public EngineCameraProcessor(NetworkSpec spec, EngineOptions options, CheckpointDirectory checkpoints, int checkpointEvery, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        _spec = spec;
        _options = options;
        _checkpoints = checkpoints;
        _checkpointEvery = Math.Max(1, checkpointEvery);
        _logger = logger;
    }

    /// <summary>Read when this host becomes the camera's active consumer, so a standby loads the newest checkpoint then, not at start.</summary>
    public ulong? LastSequence
    {
        get
        {
            EnsureLoaded();
            return _lastSequence;
        }
    }

    /// <summary>The sequence of the checkpoint this processor resumed from, if any.</summary>
    public ulong? ResumedFrom { get; private set; }

    /// <summary>Raised once the model is loaded (fresh or from a checkpoint).</summary>
    public event Action<ulong?>? Loaded;

    public SpikeSegEngine Engine
    {
        get
        {
            EnsureLoaded();
            return _run!.Engine;
        }
    }

    private void EnsureLoaded()
    {
        if (_run is not null)
        {
            return;
        }

        var checkpoint = _checkpoints.LoadLatest();
        _run = new SegmentationRun(checkpoint?.Spec ?? _spec, _options, originUs: 0);
        _run.OnFrame((frame, _) =>
        {
            if (frame.Instances.Count > 0)
            {
                _completed.Add(frame);
            }
        });
        if (checkpoint is not null)
        {
            EngineCheckpoint.Restore(_run.Engine, checkpoint);
            _lastSequence = checkpoint.Progress.LastInputSequence;
            ResumedFrom = checkpoint.Progress.LastInputSequence;
            _logger.LogInformation("resumed camera model from checkpoint at sequence {Sequence}", _lastSequence);
        }

        Loaded?.Invoke(ResumedFrom);
    }

    public ValueTask<FrameBatch> ProcessAsync(EventBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        EnsureLoaded();
        var run = _run!;
        _completed.Clear();
        _packet.Clear();
        int skipped = EventBatchCodec.Decode(batch, _packet);
        if (skipped > 0)
        {
            _logger.LogWarning("camera {Camera} batch {Sequence}: {Skipped} invalid events skipped", batch.CameraId, batch.Sequence, skipped);
        }

        run.Feed(_packet);
        if (batch.EndOfStream)
        {
            run.Complete();
        }

        var result = new FrameBatch { CameraId = batch.CameraId, Sequence = batch.Sequence, EventsProcessed = (uint)_packet.Count, EndOfStream = batch.EndOfStream };
        foreach (var f in _completed)
        {
            var frame = new Frame { Step = f.Step, TStartUs = f.TStartUs, TEndUs = f.TEndUs, Events = (uint)f.Events };
            foreach (var i in f.Instances)
            {
                frame.Instances.Add(new Instance
                {
                    Id = i.Id, ClassId = i.ClassId, Track = i.Track, TrackConfirmed = i.TrackConfirmed,
                    X0 = i.X0, Y0 = i.Y0, X1 = i.X1, Y1 = i.Y1, CentroidX = i.CentroidX, CentroidY = i.CentroidY, Pixels = i.Pixels,
                });
            }

            result.Frames.Add(frame);
        }

        return ValueTask.FromResult(result);
    }

    public ValueTask CommittedAsync(ulong sequence, CancellationToken ct)
    {
        _lastSequence = sequence;
        if (++_sinceCheckpoint >= _checkpointEvery)
        {
            _sinceCheckpoint = 0;
            var checkpoint = EngineCheckpoint.Capture(Engine);
            string path = _checkpoints.Save(checkpoint with { Progress = checkpoint.Progress with { LastInputSequence = sequence } }, sequence);
            _logger.LogDebug("checkpoint {Path}", path);
        }

        return ValueTask.CompletedTask;
    }
}
