using System.Globalization;
using System.Net;
using SpikeSeg.Core;

namespace SpikeSeg.Host.Service;

/// <summary>
/// Checks every setting that does not need the file system or a preset; the first broken rule becomes one line
/// naming the setting, its value and the rule (<see cref="InvalidInputException"/>, exit code 1).
/// </summary>
internal static class ServiceOptionsValidator
{
    public static void Validate(ServiceOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        Check("Http:Urls", o.Http.Urls, o.Http.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"), "must be one or more http(s) URLs separated by ';'");
        Check("ShutdownTimeoutSeconds", o.ShutdownTimeoutSeconds, o.ShutdownTimeoutSeconds is > 0 and <= 3600, "must be in (0, 3600]");
        Check("Checkpoints:Directory", o.Checkpoints.Directory, !o.Checkpoints.Enabled || !string.IsNullOrWhiteSpace(o.Checkpoints.Directory), "must not be empty when checkpoints are enabled");
        Check("Checkpoints:IntervalSeconds", o.Checkpoints.IntervalSeconds, o.Checkpoints.IntervalSeconds is >= 0.1 and <= 86_400 * 7, "must be in [0.1, 604800]");
        Check("Checkpoints:Keep", o.Checkpoints.Keep, o.Checkpoints.Keep is >= 1 and <= 1000, "must be in 1..1000");
        Check("Telemetry:OtlpEndpoint", o.Telemetry.OtlpEndpoint, o.Telemetry.OtlpEndpoint.Length == 0
            || (Uri.TryCreate(o.Telemetry.OtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https"), "must be empty or an http(s) URL");
        Check("Telemetry:MetricExportIntervalMilliseconds", o.Telemetry.MetricExportIntervalMilliseconds, o.Telemetry.MetricExportIntervalMilliseconds is >= 100 and <= 3_600_000, "must be in 100..3600000");
        Check("Telemetry:TraceSampleRatio", o.Telemetry.TraceSampleRatio, o.Telemetry.TraceSampleRatio is >= 0 and <= 1, "must be in [0, 1]");
        Check("Streams", o.Streams.Count, o.Streams.Count >= 1, "must name at least one stream");
        foreach (var (name, s) in o.Streams)
        {
            string p = $"Streams:{name}";
            Check(p, name, name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), "stream names use letters, digits, '-' and '_' (at most 64)");
            Check($"{p}:Preset", s.Preset, !string.IsNullOrWhiteSpace(s.Preset), "must name a preset");
            CheckThreshold($"{p}:Conv1Threshold", s.Conv1Threshold);
            CheckThreshold($"{p}:Conv2Threshold", s.Conv2Threshold);
            CheckThreshold($"{p}:Conv3Threshold", s.Conv3Threshold);
            Check($"{p}:MailboxCapacity", s.MailboxCapacity, s.MailboxCapacity is >= 1 and <= 65_536, "must be in 1..65536");
            var src = s.Source;
            Check($"{p}:Source:SpeedFactor", src.SpeedFactor, src.Pacing != Pacing.Accelerated || src.SpeedFactor is > 0 and <= 1e6, "must be in (0, 1e6] with Pacing Accelerated");
            switch (src.Type)
            {
                case SourceKind.Synthetic:
                    Check($"{p}:Source:Seconds", src.Seconds, src.Seconds is null || (double.IsFinite(src.Seconds.Value) && src.Seconds.Value is > 0 and <= 1e7), "must be empty (endless) or in (0, 1e7]");
                    break;
                case SourceKind.File:
                    Check($"{p}:Source:Path", src.Path, !string.IsNullOrWhiteSpace(src.Path), "must name an event file");
                    break;
                case SourceKind.Udp:
                    Check($"{p}:Source:Listen", src.Listen, IPEndPoint.TryParse(src.Listen, out var endpoint) && endpoint.Port is >= 0 and <= 65_535, "must be an address and port, e.g. 127.0.0.1:5600");
                    Check($"{p}:Source:Width", src.Width, src.Width is > 0 and <= 65_536, "must be in 1..65536");
                    Check($"{p}:Source:Height", src.Height, src.Height is > 0 and <= 16_384, "must be in 1..16384");
                    CheckQueue(p, src);
                    break;
                case SourceKind.Aedat4Tcp:
                    Check($"{p}:Source:Host", src.Host, !string.IsNullOrWhiteSpace(src.Host), "must name the DV server's host");
                    Check($"{p}:Source:Port", src.Port, src.Port is > 0 and <= 65_535, "must be in 1..65535");
                    CheckQueue(p, src);
                    break;
            }
        }
    }

    private static void CheckQueue(string p, SourceOptions src)
    {
        Check($"{p}:Source:QueueCapacity", src.QueueCapacity, src.QueueCapacity is > 0 and <= 1_000_000, "must be in 1..1000000");
        Check($"{p}:Source:ShedPolicy", src.ShedPolicy, Enum.IsDefined(src.ShedPolicy), "must be DropOldest or DropNewest");
    }

    private static void CheckThreshold(string setting, float? value) =>
        Check(setting, value, value is null || (float.IsFinite(value.Value) && value.Value > 0), "must be > 0 (or empty for the preset's)");

    private static void Check(string setting, object? value, bool ok, string rule)
    {
        if (!ok)
        {
            throw new InvalidInputException(Problem(setting, value, rule));
        }
    }

    public static string Problem(string setting, object? value, string rule) =>
        $"setting '{setting}' = {Show(value)}: {rule}";

    private static string Show(object? value) => value switch
    {
        null => "(empty)",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
