using System.Globalization;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Filters;

/// <summary>
/// Builds a filter chain from short text specs, the same for the command line (<c>--filter</c>) and the
/// service's configuration (<c>Streams:NAME:Filters</c>); docs/event-filters.md lists them:
/// <c>roi:X,Y,W,H</c> (keep a rectangle), <c>crop:X,Y,W,H</c> (keep it and make it the sensor),
/// <c>resize:WxH</c>, <c>polarity:on|off</c>, <c>refractory:US</c>, <c>hot-pixels[:LEARN_US]</c>,
/// <c>background-activity:US</c>. Filters run in the order given; each one sees the sensor the previous left.
/// </summary>
public static class FilterSpecs
{
    public const string Syntax = "roi:X,Y,W,H | crop:X,Y,W,H | resize:WxH | polarity:on|off | refractory:US | hot-pixels[:LEARN_US] | background-activity:US";

    /// <summary>The chain for <paramref name="specs"/> on <paramref name="input"/>, and the sensor its output lives on.</summary>
    public static (FilterChain Chain, SensorGeometry Output) Build(IEnumerable<string> specs, SensorGeometry input)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var filters = new List<IEventFilter>();
        var sensor = input;
        foreach (string spec in specs)
        {
            var filter = Parse(spec, sensor);
            sensor = filter switch
            {
                RegionOfInterestFilter roi => roi.OutputGeometry(sensor),
                ResizeFilter resize => resize.Target,
                _ => sensor,
            };
            filters.Add(filter);
        }

        return (new FilterChain([.. filters]), sensor);
    }

    private static IEventFilter Parse(string spec, SensorGeometry sensor)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string text = spec.Trim();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = (colon < 0 ? text : text[..colon]).ToLowerInvariant();
        string? argument = colon < 0 ? null : text[(colon + 1)..];
        return name switch
        {
            "roi" or "crop" => Rectangle(spec, argument, rebase: name == "crop"),
            "resize" => new ResizeFilter(sensor, Size(spec, argument)),
            "polarity" => new PolarityFilter(argument?.ToLowerInvariant() switch
            {
                "on" => Polarity.On,
                "off" => Polarity.Off,
                _ => throw Bad(spec, "polarity:on or polarity:off"),
            }),
            "refractory" => new RefractoryFilter(sensor, Microseconds(spec, argument)),
            "hot-pixels" => argument is null ? new HotPixelFilter(sensor) : new HotPixelFilter(sensor, Microseconds(spec, argument)),
            "background-activity" => new BackgroundActivityFilter(sensor, Microseconds(spec, argument)),
            _ => throw new InvalidInputException($"unknown filter '{spec}'; filters are {Syntax}"),
        };
    }

    private static RegionOfInterestFilter Rectangle(string spec, string? argument, bool rebase)
    {
        string[] parts = argument?.Split(',') ?? [];
        if (parts.Length != 4 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw Bad(spec, $"{(rebase ? "crop" : "roi")}:X,Y,W,H with whole pixels");
        }

        int[] v = [.. parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
        return new RegionOfInterestFilter(v[0], v[1], v[2], v[3], rebase);
    }

    private static SensorGeometry Size(string spec, string? argument)
    {
        string[] parts = argument?.ToLowerInvariant().Split('x') ?? [];
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height))
        {
            return new SensorGeometry(width, height);
        }

        throw Bad(spec, "resize:WxH, e.g. resize:128x128");
    }

    private static long Microseconds(string spec, string? argument)
    {
        if (argument is not null && long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out long us))
        {
            return us;
        }

        throw Bad(spec, "a whole number of microseconds, e.g. refractory:1000");
    }

    private static InvalidInputException Bad(string spec, string expected) => new($"filter '{spec}': expected {expected}");
}
