using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using SpikeSeg.Core;
using SpikeSeg.Host.Dashboard;
using SpikeSeg.Host.Telemetry;

namespace SpikeSeg.Host.Service;

/// <summary>
/// <c>spikeseg run</c>: loads and validates the configuration (every problem is one line and exit code 1 before
/// anything starts), then runs the generic host — Kestrel for the endpoints, one <see cref="StreamRunner"/> per stream —
/// until SIGTERM or Ctrl-C, which drain the streams and write their final checkpoints within ShutdownTimeoutSeconds.
/// </summary>
internal static class ServiceHost
{
    public static async Task<int> RunAsync(string? configFile, IReadOnlyList<string> overrides)
    {
        var configuration = ServiceConfiguration.Build(configFile, overrides);
        var options = ServiceConfiguration.Bind(configuration);
        ServiceOptionsValidator.Validate(options);
        var time = TimeProvider.System;
        var plans = new List<StreamPlan>(options.Streams.Count);
        foreach (var (name, stream) in options.Streams)
        {
            plans.Add(await StreamPlan.CreateAsync(name, stream, options.Checkpoints, time).ConfigureAwait(false));
        }

        var identity = ServiceIdentity.From(options.Telemetry);
        await using var app = Build(configuration, options, plans, identity, time);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new InvalidInputException(ServiceOptionsValidator.Problem("Http:Urls", options.Http.Urls, $"cannot listen ({ex.Message.ReplaceLineEndings(" ")})"), ex);
        }

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        var undrained = app.Services.GetRequiredService<StreamsService>().Runners.Where(r => r.State is StreamState.Starting or StreamState.Running).Select(r => r.Name).ToList();
        if (undrained.Count > 0)
        {
            // The host gave up after ShutdownTimeoutSeconds: say so, and do not report a clean stop.
            await Console.Error.WriteLineAsync($"spikeseg: shutdown timed out after {options.ShutdownTimeoutSeconds} s; not drained: {string.Join(", ", undrained)}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    private static WebApplication Build(IConfigurationRoot configuration, ServiceOptions options, List<StreamPlan> plans, ServiceIdentity identity, TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "spikeseg",
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });

        // Only our sources: the file, SPIKESEG__ variables and --set (not ASPNETCORE_/DOTNET_ or appsettings of the content root).
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(options.Http.Urls);
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddConsole();
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(identity);
        builder.Services.AddSingleton<IReadOnlyList<StreamPlan>>(plans);
        builder.Services.AddSingleton(_ => new PrometheusExposition());
        OpenTelemetryExport.Add(builder.Services, options.Telemetry, identity);
        builder.Services.AddSingleton(_ => new DashboardHub());
        builder.Services.AddSingleton<StreamsService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StreamsService>());

        var app = builder.Build();
        app.UseWebSockets();
        var dashboard = app.Services.GetRequiredService<DashboardHub>();
        dashboard.Start();
        ServiceEndpoints.Map(app, app.Services.GetRequiredService<StreamsService>(), app.Services.GetRequiredService<PrometheusExposition>(), identity, dashboard);
        DashboardEndpoints.Map(app, dashboard);
        return app;
    }
}
