using SpikeSeg.Core.Evaluation;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Imaging;
using SpikeSeg.Streaming.Rendering;
using SpikeSeg.Streaming.Running;

namespace SpikeSeg.Streaming.Reporting;

/// <summary>One detection of a track at one step, for the detection timeline.</summary>
public readonly record struct TrackHit(double TimeS, int Track, bool Confirmed);

/// <summary>
/// Feeds a <see cref="SegmentationRun"/> and collects what scoring and the report need through its frame callback:
/// scored slices, sampled learning state, the detection timeline, a few event-frame renders and, when per-event
/// object ids are given, the per-event IoU.
/// </summary>
public sealed class EvaluationRecorder
{
    private readonly SegmentationRun _run;
    private readonly EventCanvas _canvas;
    private readonly List<ScoredSlice> _slices = [];
    private readonly List<TrackHit> _hits = [];
    private readonly List<(long Step, RgbImage Image, SegmentationFrame Frame)> _renders = [];
    private readonly Queue<(long TUs, ushort X, ushort Y, int Id)> _pending = new();
    private readonly int _maxRenders;
    private readonly long _renderEveryUs;
    private long _nextRenderUs;

    /// <param name="scoreEventIou">Whether every packet comes with its events' ground-truth ids (then the per-event IoU is measured).</param>
    public EvaluationRecorder(SegmentationRun run, long scoreFromUs, bool scoreEventIou = false, int sampleEverySteps = 100, int maxRenders = 6, long renderEveryUs = 5_000_000)
    {
        ArgumentNullException.ThrowIfNull(run);
        _run = run;
        _maxRenders = maxRenders;
        _renderEveryUs = renderEveryUs;
        ScoreFromUs = scoreFromUs;
        _nextRenderUs = scoreFromUs;
        History = new LearningHistory(sampleEverySteps);
        EventIou = scoreEventIou ? new EventIou() : null;
        var input = run.Engine.Spec.Input;
        _canvas = new EventCanvas(input.Width, input.Height);
        run.OnFrame(OnFrame);
    }

    public long ScoreFromUs { get; }

    public LearningHistory History { get; }

    /// <summary>Per-event IoU over the scored events, when object ids were given.</summary>
    public EventIou? EventIou { get; }

    public IReadOnlyList<ScoredSlice> Slices => _slices;

    public IReadOnlyList<TrackHit> Hits => _hits;

    /// <summary>Event frames with the segmentation drawn over them, chosen during the run.</summary>
    public IReadOnlyList<(long Step, RgbImage Image, SegmentationFrame Frame)> Renders => _renders;

    public long FirstTimestampUs { get; private set; } = long.MinValue;

    public long LastTimestampUs { get; private set; } = long.MinValue;

    /// <summary>Feeds a packet without ground-truth ids (no per-event IoU).</summary>
    public void Feed(EventPacket packet)
    {
        if (EventIou is not null)
        {
            throw new InvalidOperationException("This recorder measures the per-event IoU: feed packets with their object ids.");
        }

        FeedCore(packet, []);
    }

    /// <summary>Feeds a packet with the ground-truth id of each of its events (−1 = star, noise or hot pixel).</summary>
    public void Feed(EventPacket packet, ReadOnlySpan<int> objectIds)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (EventIou is null)
        {
            throw new InvalidOperationException("This recorder does not measure the per-event IoU: feed packets without ids.");
        }

        if (objectIds.Length != packet.Count)
        {
            throw new ArgumentException($"{objectIds.Length} ids for {packet.Count} events", nameof(objectIds));
        }

        FeedCore(packet, objectIds);
    }

    public void Complete()
    {
        _run.Complete();

        // Events the binner never turned into a step (dropped or trailing) were not segmented.
        while (_pending.TryDequeue(out var e))
        {
            if (e.TUs >= ScoreFromUs)
            {
                EventIou!.Add(e.Id, false);
            }
        }
    }

    private void FeedCore(EventPacket packet, ReadOnlySpan<int> objectIds)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Count == 0)
        {
            return;
        }

        if (FirstTimestampUs == long.MinValue)
        {
            FirstTimestampUs = packet.FirstTimestampUs;
        }

        LastTimestampUs = packet.LastTimestampUs;
        if (EventIou is not null)
        {
            // Queued before feeding: the binner emits earlier steps (and their frames) while it takes this packet.
            var t = packet.TimestampUs;
            var x = packet.X;
            var y = packet.Y;
            for (int i = 0; i < packet.Count; i++)
            {
                _pending.Enqueue((t[i], x[i], y[i], objectIds[i]));
            }
        }

        _run.Feed(packet);
    }

    private void OnFrame(SegmentationFrame frame, StepRecorder recorder)
    {
        _canvas.Step(recorder.LastCells);
        History.Observe(_run.Engine, frame.Step, frame.TStartUs / 1e6);
        var detections = frame.Instances.Select(i => new ScoredDetection(i.CentroidX, i.CentroidY, i.X0, i.Y0, i.X1, i.Y1, i.Track, i.TrackConfirmed)).ToList();
        foreach (var i in frame.Instances)
        {
            _hits.Add(new TrackHit(frame.TStartUs / 1e6, i.Track, i.TrackConfirmed));
        }

        if (frame.TStartUs >= ScoreFromUs)
        {
            _slices.Add(new ScoredSlice(frame.TStartUs, frame.TEndUs, detections));
        }

        ScorePendingEvents(frame, detections);
        if (_renders.Count < _maxRenders && frame.TStartUs >= _nextRenderUs && frame.Instances.Any(i => i.TrackConfirmed))
        {
            _renders.Add((frame.Step, OverlayRenderer.Render(_canvas, frame), frame));
            _nextRenderUs = frame.TStartUs + _renderEveryUs;
        }
    }

    private void ScorePendingEvents(SegmentationFrame frame, List<ScoredDetection> detections)
    {
        if (EventIou is null)
        {
            return;
        }

        while (_pending.TryPeek(out var e) && e.TUs < frame.TEndUs)
        {
            _pending.Dequeue();
            if (e.TUs < ScoreFromUs)
            {
                continue;
            }

            // An event earlier than this step belonged to a step that produced no frame: not segmented.
            bool segmented = e.TUs >= frame.TStartUs && EventIou.InsideAny(detections, e.X, e.Y);
            EventIou.Add(e.Id, segmented);
        }
    }
}
