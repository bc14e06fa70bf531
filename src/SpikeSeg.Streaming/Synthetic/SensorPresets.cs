using SpikeSeg.Core;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Synthetic;

/// <summary>The sensors a synthetic scene can imitate, by the names the CLI accepts.</summary>
public static class SensorPresets
{
    public static IReadOnlyList<string> Names { get; } = ["atis", "davis240c", "gen4"];

    public static SensorGeometry Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToUpperInvariant() switch
        {
            "ATIS" => SensorGeometry.Atis,
            "DAVIS240C" or "DAVIS240" or "DAVIS" => SensorGeometry.Davis240C,
            "GEN4" => SensorGeometry.Gen4,
            _ => throw new InvalidInputException($"sensor '{name}': unknown; expected one of {string.Join(", ", Names)}"),
        };
    }
}
