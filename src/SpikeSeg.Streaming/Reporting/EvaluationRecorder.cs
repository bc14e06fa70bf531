using SpikeSeg.Core;
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
    private readonly int[]? _objectIds;
    private readonly int _maxRenders;
    private readonly long _renderEveryUs;
    private long _eventsSeen;
    private long _nextRenderUs;

    /// <param name="objectIds">Ground-truth id of every event in input order (−1 = not an object), or null.</param>
    public EvaluationRecorder(SegmentationRun run, long scoreFromUs, int[]? objectIds = null, int sampleEverySteps = 100, int maxRenders = 6, long renderEveryUs = 5_000_000)
    {
        ArgumentNullException.ThrowIfNull(run);
        _run = run;
        _objectIds = objectIds;
        _maxRenders = maxRenders;
        _renderEveryUs = renderEveryUs;
        ScoreFromUs = scoreFromUs;
        _nextRenderUs = scoreFromUs;
        History = new LearningHistory(sampleEverySteps);
        EventIou = objectIds is null ? null : new EventIou();
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

    public void Feed(EventPacket packet)
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
        if (_objectIds is not null)
        {
            if (_eventsSeen + packet.Count > _objectIds.Length)
            {
                throw new InvalidInputException($"--ids: {_objectIds.Length} ids but the input has more events (at least {_eventsSeen + packet.Count})");
            }

            var t = packet.TimestampUs;
            var x = packet.X;
            var y = packet.Y;
            for (int i = 0; i < packet.Count; i++)
            {
                _pending.Enqueue((t[i], x[i], y[i], _objectIds[_eventsSeen + i]));
            }
        }

        _eventsSeen += packet.Count;
        _run.Feed(packet);
    }

    public void Complete()
    {
        _run.Complete();
        if (_objectIds is not null && _eventsSeen != _objectIds.Length)
        {
            throw new InvalidInputException($"--ids: {_objectIds.Length} ids for {_eventsSeen} events");
        }

        // Events the binner never turned into a step (dropped or trailing) were not segmented.
        while (_pending.TryDequeue(out var e))
        {
            if (e.TUs >= ScoreFromUs)
            {
                EventIou!.Add(e.Id, false);
            }
        }
    }

    private void OnFrame(SegmentationFrame frame, StepRecorder recorder)
    {
        _canvas.Step(recorder.LastCells);
        History.Observe(_run.Engine, frame.Step, frame.TStartUs / 1e6);
        var detections = frame.Instances.Select(i => new ScoredDetection(i.CentroidX, i.CentroidY, i.X0, i.Y0, i.X1, i.Y1, i.Track)).ToList();
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
