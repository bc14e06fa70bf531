using System.Diagnostics;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Encoding;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Output;

namespace SpikeSeg.Streaming.Running;

/// <summary>
/// One stream through binner and engine on the calling thread: feed packets, get frames. Used by
/// <c>segment</c>, <c>demo</c>, <c>eval</c> and <c>bench</c>; the actor pipeline is the concurrent form.
/// </summary>
public sealed class SegmentationRun
{
    private readonly Stopwatch _busy = new();
    private readonly List<Action<SegmentationFrame, StepRecorder>> _frameHandlers = [];

    public SegmentationRun(NetworkSpec spec, EngineOptions options, long? originUs = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        Engine = new SpikeSegEngine(spec, options, OnFrame);
        Recorder = new StepRecorder(Engine);
        Binner = new StepBinner(StepBinnerOptions.FromInput(spec.Input, options.Sensor, originUs));
    }

    public SpikeSegEngine Engine { get; }

    public StepBinner Binner { get; }

    public StepRecorder Recorder { get; }

    public long EventsIn { get; private set; }

    /// <summary>Wall time spent inside the binner and engine.</summary>
    public TimeSpan Busy => _busy.Elapsed;

    /// <summary>Called for every step's frame (empty ones too), with the recorder holding that step's input cells.</summary>
    public void OnFrame(Action<SegmentationFrame, StepRecorder> handler) => _frameHandlers.Add(handler);

    public void Feed(EventPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        EventsIn += packet.Count;
        _busy.Start();
        Binner.Add(packet, Recorder);
        _busy.Stop();
    }

    public void Complete()
    {
        _busy.Start();
        Binner.Flush(Recorder);
        _busy.Stop();
    }

    private void OnFrame(SegmentationFrame frame)
    {
        foreach (var handler in _frameHandlers)
        {
            handler(frame, Recorder);
        }
    }
}
