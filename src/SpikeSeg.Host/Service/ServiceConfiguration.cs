using Microsoft.Extensions.Configuration;
using SpikeSeg.Core;

namespace SpikeSeg.Host.Service;

/// <summary>
/// Builds the service configuration in precedence order: the JSON file (config/appsettings.json beside the executable
/// unless <c>--config</c> names another), <c>SPIKESEG__</c> environment variables (prefix removed, <c>__</c> = <c>:</c>),
/// then <c>--set KEY=VALUE</c> overrides; binds it to <see cref="ServiceOptions"/>, rejecting unknown keys.
/// </summary>
internal static class ServiceConfiguration
{
    public const string EnvironmentPrefix = "SPIKESEG__";

    public static string DefaultFile => Path.Combine(AppContext.BaseDirectory, "config", "appsettings.json");

    public static IConfigurationRoot Build(string? configFile, IEnumerable<string> overrides)
    {
        string file = Path.GetFullPath(configFile ?? DefaultFile);
        if (!File.Exists(file))
        {
            throw new InvalidInputException($"{file}: configuration file not found");
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (string item in overrides)
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InvalidInputException($"--set '{item}': expected KEY=VALUE (e.g. Http:Urls=http://127.0.0.1:9000)");
            }

            values[item[..eq].Trim()] = item[(eq + 1)..];
        }

        try
        {
            return new ConfigurationBuilder()
                .AddJsonFile(file, optional: false, reloadOnChange: false)
                .AddEnvironmentVariables(EnvironmentPrefix)
                .AddInMemoryCollection(values)
                .Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            throw new InvalidInputException($"{file}: cannot read configuration ({OneLine(ex)})", ex);
        }
    }

    public static ServiceOptions Bind(IConfiguration configuration)
    {
        var options = new ServiceOptions();
        try
        {
            foreach (var section in configuration.GetChildren())
            {
                // Logging belongs to the logging providers; everything else must be a known setting.
                if (!section.Key.Equals("Logging", StringComparison.OrdinalIgnoreCase))
                {
                    var wrapper = new ConfigurationBuilder().AddInMemoryCollection(
                        section.AsEnumerable().Where(kv => kv.Value is not null)).Build();
                    wrapper.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
                }
            }
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidInputException($"configuration: {OneLine(ex)}", ex);
        }

        return options;
    }

    private static string OneLine(Exception ex) =>
        (ex.InnerException is null ? ex.Message : $"{ex.Message} {ex.InnerException.Message}").ReplaceLineEndings(" ");
}
