using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Streaming.Pipeline;
using SpikeSeg.Streaming.Running;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Tests.Streaming.Pipeline;

internal static class PipelineTestScenes
{
    /// <summary>The live preset with 5 ms steps, so a long sky stays quick to run twice.</summary>
    public static NetworkSpec Spec() => PresetLoader.Load("sda-live") with { };

    public static NetworkSpec FastSpec()
    {
        var spec = Spec();
        return spec with { Input = spec.Input with { StepUs = 5000 } };
    }

    public static EngineOptions Options(NetworkSpec spec) => new() { StreamName = "test", Sensor = spec.DefaultSensor, Learn = true, Continuous = true, WindowsPerEpoch = 20 };

    public static SkySceneOptions Sky(double seconds, ulong seed) => SkyScenes.Create(SkyScenes.Sda, seconds, seed, SpikeSeg.Core.Events.SensorGeometry.Davis240C, 3);

    public static List<SegmentationFrame> RunEngine(NetworkSpec spec, EngineOptions options, SkySceneOptions sky, out SpikeSegEngine engine)
    {
        var frames = new List<SegmentationFrame>();
        var run = new SegmentationRun(spec, options, originUs: 0);
        run.OnFrame((f, _) => frames.Add(f));
        foreach (var chunk in SkySceneGenerator.Generate(sky))
        {
            run.Feed(chunk.Events);
        }

        run.Complete();
        engine = run.Engine;
        return frames;
    }

    public static async Task<List<SegmentationFrame>> RunPipelineAsync(SegmentationPipeline pipeline, SkySceneOptions sky, Func<SegmentationFrame, Task>? sink = null)
    {
        var frames = new List<SegmentationFrame>();
        var reading = Task.Run(async () =>
        {
            await foreach (var frame in pipeline.Frames.ReadAllAsync())
            {
                if (sink is not null)
                {
                    await sink(frame);
                }

                frames.Add(frame);
            }
        });
        foreach (var chunk in SkySceneGenerator.Generate(sky))
        {
            await pipeline.FeedAsync(chunk.Events);
        }

        await pipeline.CompleteAsync();
        await reading;
        return frames;
    }
}
