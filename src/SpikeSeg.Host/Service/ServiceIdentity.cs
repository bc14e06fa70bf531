using System.Globalization;
using System.Reflection;

namespace SpikeSeg.Host.Service;

/// <summary>The OpenTelemetry resource: service.name, service.version, service.instance.id.</summary>
internal sealed record ServiceIdentity(string ServiceName, string Version, string InstanceId)
{
    public static ServiceIdentity From(TelemetryOptions options)
    {
        string version = typeof(ServiceIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(ServiceIdentity).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        string instance = options.InstanceId.Length > 0
            ? options.InstanceId
            : string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}");
        return new ServiceIdentity("spikeseg", version, instance);
    }
}
