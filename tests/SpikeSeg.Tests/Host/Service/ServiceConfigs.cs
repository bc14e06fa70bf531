namespace SpikeSeg.Tests.Host.Service;

/// <summary>Configuration objects for <see cref="ServiceProcess"/> (serialised to the service's JSON file).</summary>
internal static class ServiceConfigs
{
    public static Dictionary<string, object?> Synthetic(string workDir, int port, double checkpointSeconds = 1, params string[] streams)
    {
        var streamMap = new Dictionary<string, object?>();
        foreach (string name in streams.Length == 0 ? ["cam0"] : streams)
        {
            streamMap[name] = new Dictionary<string, object?>
            {
                ["Preset"] = "sda-live",
                ["Learn"] = true,
                ["Source"] = new Dictionary<string, object?> { ["Type"] = "Synthetic", ["Scene"] = "sda", ["Seed"] = 3, ["Pacing"] = "Accelerated", ["SpeedFactor"] = 4 },
                ["FramesFile"] = Path.Combine(workDir, "frames", name + ".jsonl"),
            };
        }

        return new Dictionary<string, object?>
        {
            ["Logging"] = new Dictionary<string, object?> { ["LogLevel"] = new Dictionary<string, object?> { ["Default"] = "Information", ["Microsoft.AspNetCore"] = "Warning" } },
            ["Http"] = new Dictionary<string, object?> { ["Urls"] = $"http://127.0.0.1:{port}" },
            ["ShutdownTimeoutSeconds"] = 30,
            ["Checkpoints"] = new Dictionary<string, object?> { ["Directory"] = Path.Combine(workDir, "checkpoints"), ["IntervalSeconds"] = checkpointSeconds, ["Keep"] = 3 },
            ["Streams"] = streamMap,
        };
    }

    public static Dictionary<string, object?> Stream(Dictionary<string, object?> config, string name) =>
        (Dictionary<string, object?>)((Dictionary<string, object?>)config["Streams"]!)[name]!;
}
