using System.Diagnostics.Metrics;
using SpikeSeg.Host.Telemetry;

namespace SpikeSeg.Tests.Host.Telemetry;

public sealed class PrometheusExpositionTests
{
    [Theory]
    [InlineData("spikeseg.events.in", "{event}", true, "spikeseg_events_in_total")]
    [InlineData("spikeseg.step.duration", "s", false, "spikeseg_step_duration_seconds")]
    [InlineData("spikeseg.layer.convergence", "1", false, "spikeseg_layer_convergence_ratio")]
    public void NamesFollowPrometheusConventions(string name, string unit, bool counter, string expected) =>
        Assert.Equal(expected, PrometheusExposition.MetricName(name, unit, counter));

    [Fact]
    public void AggregatesCountersGaugesAndHistograms()
    {
        string meterName = "SpikeSeg.Test." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        using var exposition = new PrometheusExposition(n => n == meterName);
        var counter = meter.CreateCounter<long>("spikeseg.test.events", "{event}", "test events");
        var histogram = meter.CreateHistogram<double>("spikeseg.test.latency", "s");
        double gauge = 0.125;
        meter.CreateObservableGauge("spikeseg.test.convergence", () => gauge, "1");

        counter.Add(3, new KeyValuePair<string, object?>("stream", "cam0"));
        counter.Add(4, new KeyValuePair<string, object?>("stream", "cam0"));
        counter.Add(1, new KeyValuePair<string, object?>("stream", "cam\"1"));
        histogram.Record(0.0002);
        histogram.Record(0.02);

        string text = exposition.Scrape();
        Assert.Contains("# TYPE spikeseg_test_events_total counter", text, StringComparison.Ordinal);
        Assert.Contains("spikeseg_test_events_total{stream=\"cam0\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("spikeseg_test_events_total{stream=\"cam\\\"1\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("spikeseg_test_convergence_ratio 0.125\n", text, StringComparison.Ordinal);
        Assert.Contains("spikeseg_test_latency_seconds_bucket{le=\"0.00025\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("spikeseg_test_latency_seconds_bucket{le=\"0.05\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("spikeseg_test_latency_seconds_count 2\n", text, StringComparison.Ordinal);

        gauge = 0.25;
        Assert.Contains("spikeseg_test_convergence_ratio 0.25\n", exposition.Scrape(), StringComparison.Ordinal);
    }
}
