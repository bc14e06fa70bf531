namespace SpikeSeg.Host.Bench;

/// <summary>Whether the benchmarked streams learn online.</summary>
public enum BenchMode
{
    Infer = 0,
    Learn = 1,
}
