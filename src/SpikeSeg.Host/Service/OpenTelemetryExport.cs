using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SpikeSeg.Actors.Runtime;
using SpikeSeg.Streaming.Telemetry;

namespace SpikeSeg.Host.Service;

/// <summary>
/// OTLP/HTTP (protobuf) export of the SpikeSeg meters and the step spans when Telemetry:OtlpEndpoint is set.
/// Without OpenTelemetry.Extensions.Hosting nothing builds the providers, so <see cref="Activation"/> resolves them at
/// start; disposing the host disposes them, which flushes the last batch.
/// </summary>
internal static class OpenTelemetryExport
{
    public static void Add(IServiceCollection services, TelemetryOptions options, ServiceIdentity identity)
    {
        if (options.OtlpEndpoint.Length == 0)
        {
            return;
        }

        var baseUri = new Uri(options.OtlpEndpoint.EndsWith('/') ? options.OtlpEndpoint : options.OtlpEndpoint + "/");
        var resource = ResourceBuilder.CreateEmpty().AddService(identity.ServiceName, serviceVersion: identity.Version, serviceInstanceId: identity.InstanceId, autoGenerateServiceInstanceId: false);
        services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(SpikeSegTelemetry.MeterName, ActorTelemetry.MeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Endpoint = new Uri(baseUri, "v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.MetricExportIntervalMilliseconds;
            })
            .Build());
        services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(SpikeSegTelemetry.ActivitySourceName)
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
            .AddOtlpExporter(exporter =>
            {
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Endpoint = new Uri(baseUri, "v1/traces");
            })
            .Build());
        services.AddHostedService<Activation>();
    }

    private sealed class Activation(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<MeterProvider>();
            _ = services.GetRequiredService<TracerProvider>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
