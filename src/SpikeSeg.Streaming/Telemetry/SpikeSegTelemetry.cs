using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SpikeSeg.Streaming.Telemetry;

/// <summary>
/// The pipeline's instruments (docs/telemetry.md). One static Meter and ActivitySource per process;
/// every measurement is tagged with the stream name and, where it applies, a bounded stage or layer
/// name — never a pixel, neuron or event id.
/// </summary>
public static class SpikeSegTelemetry
{
    public const string MeterName = "SpikeSeg.Pipeline";
    public const string ActivitySourceName = "SpikeSeg.Pipeline";

    public static readonly Meter Meter = new(MeterName, typeof(SpikeSegTelemetry).Assembly.GetName().Version?.ToString());
    public static readonly ActivitySource Activities = new(ActivitySourceName);

    public static readonly Counter<long> EventsIn = Meter.CreateCounter<long>("spikeseg.events.in", "{event}", "Events read from the source.");
    public static readonly Counter<long> EventsProcessed = Meter.CreateCounter<long>("spikeseg.events.processed", "{event}", "Events that entered the network after filters.");
    public static readonly Counter<long> EventsFiltered = Meter.CreateCounter<long>("spikeseg.events.filtered", "{event}", "Events removed by a filter (tag filter).");
    public static readonly Counter<long> EventsShed = Meter.CreateCounter<long>("spikeseg.events.shed", "{event}", "Events a live source shed because the pipeline fell behind.");
    public static readonly Counter<long> EventsLost = Meter.CreateCounter<long>("spikeseg.events.lost", "{event}", "Events a datagram sender sent that never arrived (gaps in its sequence numbers).");
    public static readonly Counter<long> EventsDropped = Meter.CreateCounter<long>("spikeseg.events.dropped", "{event}", "Events dropped as invalid (out-of-range coordinates, time going backwards).");
    public static readonly Counter<long> Steps = Meter.CreateCounter<long>("spikeseg.steps", "{step}", "Network steps completed.");
    public static readonly Counter<long> StepsSkipped = Meter.CreateCounter<long>("spikeseg.steps.skipped", "{step}", "Steps skipped after a failed retry (tag stage).");
    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>("spikeseg.step.duration", "s", "Wall time from a step's input being complete to its frame being emitted.");
    public static readonly Counter<long> Spikes = Meter.CreateCounter<long>("spikeseg.layer.spikes", "{spike}", "Spikes emitted per layer (tag layer).");
    public static readonly Counter<long> StdpUpdates = Meter.CreateCounter<long>("spikeseg.stdp.updates", "{update}", "STDP weight updates applied (tag layer).");
    public static readonly Counter<long> Detections = Meter.CreateCounter<long>("spikeseg.detections", "{instance}", "Instances segmented.");
    public static readonly Counter<long> Restarts = Meter.CreateCounter<long>("spikeseg.stage.restarts", "{restart}", "Supervised restarts of a stage (tag stage).");
    public static readonly Counter<long> Checkpoints = Meter.CreateCounter<long>("spikeseg.checkpoints", "{checkpoint}", "Model checkpoints written.");

    public static KeyValuePair<string, object?> Stream(string name) => new("stream", name);

    public static KeyValuePair<string, object?> Layer(string name) => new("layer", name);

    public static KeyValuePair<string, object?> Stage(string name) => new("stage", name);
}
