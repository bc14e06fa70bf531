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
