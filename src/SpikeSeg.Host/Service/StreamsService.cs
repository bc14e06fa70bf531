using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpikeSeg.Streaming.Telemetry;

namespace SpikeSeg.Host.Service;

/// <summary>Runs every configured stream side by side until shutdown; a failing stream does not stop the others.</summary>
internal sealed class StreamsService : BackgroundService
{
    private readonly IReadOnlyList<StreamRunner> _runners;
    private readonly ILogger<StreamsService> _log;

    public StreamsService(IReadOnlyList<StreamPlan> plans, ServiceOptions options, TimeProvider time, ILoggerFactory loggers, ILogger<StreamsService> log, Dashboard.DashboardHub? dashboard = null)
    {
        _log = log;
        _runners = plans.Select(p => new StreamRunner(p, options.Checkpoints, time, loggers.CreateLogger($"SpikeSeg.Stream.{p.Name}"), dashboard)).ToList();
        SpikeSegTelemetry.Meter.CreateObservableGauge("spikeseg.layer.convergence", ObserveConvergence, "1", "C = mean(w(1−w)) of the layer's weights (tag layer).");
    }

    public IReadOnlyList<StreamRunner> Runners => _runners;

    /// <summary>Ready while every stream is running (or has completed its finite source).</summary>
    public bool Ready => _runners.All(r => r.State is StreamState.Running or StreamState.Completed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(_runners.Select(r => Task.Run(() => r.RunAsync(stoppingToken), CancellationToken.None))).ConfigureAwait(false);
        _log.LogInformation("All streams stopped");
    }

    private IEnumerable<Measurement<double>> ObserveConvergence()
    {
        foreach (var runner in _runners)
        {
            var values = runner.Convergence();
            for (int i = 0; i < values.Count; i++)
            {
                if (!double.IsNaN(values[i]))
                {
                    yield return new Measurement<double>(values[i], SpikeSegTelemetry.Stream(runner.Name), SpikeSegTelemetry.Layer($"conv{i + 1}"));
                }
            }
        }
    }
}
