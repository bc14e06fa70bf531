using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using SpikeSeg.Streaming.Pipeline;
using SpikeSeg.Streaming.Telemetry;

namespace SpikeSeg.Tests.Streaming.Pipeline;

/// <summary>The pipeline records the SpikeSegTelemetry instruments in agreement with its own counters, and one span per step.</summary>
public sealed class PipelineTelemetryTests
{
    [Fact]
    public async Task Instruments_agree_with_the_counters_and_every_step_gets_a_span()
    {
        string stream = "telemetry-" + Guid.NewGuid().ToString("N");
        var sums = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SpikeSegTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? own = null, layer = null;
            foreach (var tag in tags)
            {
                own = tag.Key == "stream" ? tag.Value as string : own;
                layer = tag.Key == "layer" ? tag.Value as string : layer;
            }

            if (own == stream)
            {
                sums.AddOrUpdate(layer is null ? instrument.Name : $"{instrument.Name}/{layer}", value, (_, v) => v + value);
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, i.Name == "spikeseg.step.duration" ? 1 : v, t));
        listener.Start();

        var spans = new ConcurrentBag<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == SpikeSegTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.GetTagItem("spikeseg.stream") as string == stream) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(activities);

        var spec = PipelineTestScenes.FastSpec();
        var options = PipelineTestScenes.Options(spec) with { StreamName = stream };
        await using var pipeline = SegmentationPipeline.Start(spec, options, originUs: 0);
        await PipelineTestScenes.RunPipelineAsync(pipeline, PipelineTestScenes.Sky(2, 7));
        var c = pipeline.Counters;

        Assert.Equal(c.EventsIn, sums["spikeseg.events.in"]);
        Assert.Equal(c.EventsBinned, sums["spikeseg.events.processed"]);
        Assert.Equal(c.EventsDropped, sums.GetValueOrDefault("spikeseg.events.dropped"));
        Assert.Equal(c.StepsOut, sums["spikeseg.steps"]);
        Assert.Equal(c.StepsOut, sums["spikeseg.step.duration"]);
        Assert.Equal(c.Instances, sums.GetValueOrDefault("spikeseg.detections"));
        Assert.True(sums["spikeseg.layer.spikes/conv1"] > 0);
        Assert.True(sums.GetValueOrDefault("spikeseg.stdp.updates/conv2") > 0, "conv2 learns from the start, so it has STDP updates");
        Assert.False(sums.ContainsKey("spikeseg.stdp.updates/conv1"), "conv1 is a fixed DoG bank");
        Assert.Equal(c.StepsOut, spans.Count);
        Assert.Equal(spans.Count, spans.Select(s => (long)s.GetTagItem("spikeseg.step")!).Distinct().Count());
        Assert.All(spans, s => Assert.True(s.Duration >= TimeSpan.Zero));
        Assert.All(pipeline.LayerConvergence(), v => Assert.False(double.IsNaN(v)));
    }
}
