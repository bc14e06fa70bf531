using SpikeSeg.Core.Events;
using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Pipeline;

namespace SpikeSeg.Host.Dashboard;

/// <summary>
/// Folds consecutive steps into <see cref="DashboardFrame"/>s of <c>stepsPerFrame</c> steps each (frame k holds steps
/// k·n … k·n + n − 1). Active pixels are deduplicated per channel; a pixel is salient when it lies inside a box of
/// its own step; each track keeps its latest box. Not thread-safe: its owner serialises calls.
/// </summary>
internal sealed class FrameAccumulator
{
    private readonly string _stream;
    private readonly int _inputWidth;
    private readonly int _inputHeight;
    private readonly double _sensorPerInputX;
    private readonly double _sensorPerInputY;
    private readonly int _stepsPerFrame;
    private readonly int _maxPixels;
    private readonly long[] _stamp;
    private readonly int[] _slot;
    private readonly List<uint> _pixels = [];
    private readonly SortedDictionary<int, DashboardBox> _tracked = [];
    private readonly List<DashboardBox> _untracked = [];
    private bool _open;
    private long _seq;
    private long _firstStep, _lastStep, _tStartUs, _tEndUs, _events;
    private int _instances, _pixelsDropped;

    public FrameAccumulator(string stream, int inputWidth, int inputHeight, SensorGeometry sensor, int stepsPerFrame, int maxPixels = 20_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerFrame, 1);
        _stream = stream;
        _inputWidth = inputWidth;
        _inputHeight = inputHeight;
        _sensorPerInputX = (double)sensor.Width / inputWidth;
        _sensorPerInputY = (double)sensor.Height / inputHeight;
        _stepsPerFrame = stepsPerFrame;
        _maxPixels = maxPixels;
        _stamp = new long[inputWidth * inputHeight * 2];
        _slot = new int[_stamp.Length];
    }

    public int StepsPerFrame => _stepsPerFrame;

    /// <summary>Adds a step; calls <paramref name="sealedFrame"/> for each frame this completes (a step past the open frame closes it).</summary>
    public void Add(PipelineStep step, SegmentationFrame frame, Action<DashboardFrame> sealedFrame)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(frame);
        long seq = step.StepIndex / _stepsPerFrame;
        if (_open && seq != _seq)
        {
            sealedFrame(Seal());
        }

        if (!_open)
        {
            Open(seq, step);
        }

        _lastStep = step.StepIndex;
        _tEndUs = step.EndUs;
        _events += step.Events;
        _instances += frame.Instances.Count;
        AddPixels(step, frame);
        AddBoxes(frame);
        if (step.StepIndex % _stepsPerFrame == _stepsPerFrame - 1)
        {
            sealedFrame(Seal());
        }
    }

    private void Open(long seq, PipelineStep step)
    {
        _open = true;
        _seq = seq;
        _firstStep = step.StepIndex;
        _tStartUs = step.StartUs;
        _events = 0;
        _instances = 0;
        _pixelsDropped = 0;
        _pixels.Clear();
        _tracked.Clear();
        _untracked.Clear();
    }

    private DashboardFrame Seal()
    {
        _open = false;
        var boxes = new DashboardBox[_tracked.Count + _untracked.Count];
        _tracked.Values.CopyTo(boxes, 0);
        _untracked.CopyTo(boxes, _tracked.Count);
        return new DashboardFrame(_stream, _seq, _firstStep, _lastStep, _tStartUs, _tEndUs, _events, _instances, [.. _pixels], _pixelsDropped, boxes);
    }

    private void AddPixels(PipelineStep step, SegmentationFrame frame)
    {
        // Stamps are frame number + 1, so a pixel seen in an earlier frame counts as new without clearing the array.
        long stamp = _seq + 1;
        foreach (var cell in step.Input.Span)
        {
            if ((uint)cell.X >= (uint)_inputWidth || (uint)cell.Y >= (uint)_inputHeight)
            {
                continue;
            }

            int index = (cell.Y * _inputWidth) + cell.X;
            int key = (index * 2) + (cell.Channel == 0 ? 0 : 1);
            uint salient = InsideAny(frame.Instances, cell.X, cell.Y) ? 2u : 0u;
            if (_stamp[key] == stamp)
            {
                _pixels[_slot[key]] |= salient;
                continue;
            }

            if (_pixels.Count >= _maxPixels)
            {
                _pixelsDropped++;
                continue;
            }

            _stamp[key] = stamp;
            _slot[key] = _pixels.Count;
            _pixels.Add(((uint)index << 2) | salient | (uint)(key & 1));
        }
    }

    private bool InsideAny(IReadOnlyList<FrameInstance> instances, int inputX, int inputY)
    {
        if (instances.Count == 0)
        {
            return false;
        }

        // The cell's centre in sensor pixels against the inclusive sensor box.
        double sx = (inputX + 0.5) * _sensorPerInputX, sy = (inputY + 0.5) * _sensorPerInputY;
        foreach (var i in instances)
        {
            if (sx >= i.X0 && sx < i.X1 + 1 && sy >= i.Y0 && sy < i.Y1 + 1)
            {
                return true;
            }
        }

        return false;
    }

    private void AddBoxes(SegmentationFrame frame)
    {
        if (frame.Instances.Count == 0)
        {
            return;
        }

        _untracked.Clear();
        foreach (var i in frame.Instances)
        {
            var box = new DashboardBox(i.X0, i.Y0, i.X1, i.Y1, i.Track, i.TrackConfirmed);
            if (i.Track >= 0)
            {
                _tracked[i.Track] = box;
            }
            else
            {
                _untracked.Add(box);
            }
        }
    }
}
