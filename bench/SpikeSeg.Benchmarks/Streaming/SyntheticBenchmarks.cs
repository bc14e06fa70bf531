/*
BenchmarkDotNet v0.14.0, Debian 12, AMD EPYC 2 cores (shared with other builds), .NET 10.0.12, VectorSize=256
Job=ShortRun (3 iterations), InProcessEmitToolchain — expect ±50 % noise on this machine.
Measured before chunks were sorted by a counting sort; a later stopwatch check gave about the same rate (the cost is per-event
random draws and trigonometry: objects ≈ 4× a noise event), so the sort was not the bottleneck.

| Method                | Scene           | per 10 ms chunk | events/chunk | Allocated |
|---------------------- |---------------- |----------------:|-------------:|----------:|
| GenerateChunk         | reference-bench |           78 µs |          500 |         - |
| GenerateChunk         | sda-davis       |          1.97 ms|       10 000 |         - |
| GenerateChunk         | sda-gen4        |          24.9 ms|      100 000 |         - |
| FrameChunkAsDatagrams | reference-bench |          2.6 µs |          500 |         - |
| FrameChunkAsDatagrams | sda-davis       |           65 µs |       10 000 |         - |
| FrameChunkAsDatagrams | sda-gen4        |          0.90 ms|      100 000 |         - |
So sda-davis generates at 5× real time and sda-gen4 at 0.4× real time (≈ 250 ns per event).
*/
using BenchmarkDotNet.Attributes;
using SpikeSeg.Streaming.Live;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Benchmarks.Streaming;

/// <summary>Scene generation (per event) and UDP framing of the same events (per event, no socket).</summary>
[MemoryDiagnoser]
public class SyntheticBenchmarks
{
    private readonly SyntheticChunk _chunk = new(200_000);
    private SkySceneGenerator _generator = null!;
    private UdpDatagramBuilder _builder = null!;
    private DatagramHandler _countBytes = null!;
    private long _bytes;

    [Params(SkyScenes.ReferenceBench, SkyScenes.SdaDavis, SkyScenes.SdaGen4)]
    public string Scene { get; set; } = SkyScenes.SdaDavis;

    [GlobalSetup]
    public void Setup()
    {
        _generator = new SkySceneGenerator(SkyScenes.Create(Scene, seconds: 100_000, seed: 1));
        _builder = new UdpDatagramBuilder(1);
        _countBytes = d => _bytes += d.Length;
        _generator.TryFill(_chunk);
    }

    /// <summary>One 10 ms chunk; divide by the scene's events per chunk (500, 10 k, 100 k) for per-event cost.</summary>
    [Benchmark]
    public int GenerateChunk()
    {
        _generator.TryFill(_chunk);
        return _chunk.Events.Count;
    }

    [Benchmark]
    public long FrameChunkAsDatagrams()
    {
        _builder.Frame(_chunk.Events, _countBytes);
        return _bytes;
    }
}
