using BenchmarkDotNet.Running;

namespace SpikeSeg.Benchmarks;

/// <summary>Run with: <c>dotnet run -c Release --project bench/SpikeSeg.Benchmarks -- --filter '*'</c>.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
