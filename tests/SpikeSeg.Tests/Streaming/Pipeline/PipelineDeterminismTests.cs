using SpikeSeg.Streaming.Pipeline;

namespace SpikeSeg.Tests.Streaming.Pipeline;

public sealed class PipelineDeterminismTests
{
    [Fact]
    public async Task MultiActorPipelineEqualsSingleThreadedEngineOnASixtySecondSkyWithLearning()
    {
        var spec = PipelineTestScenes.FastSpec();
        var options = PipelineTestScenes.Options(spec);
        var sky = PipelineTestScenes.Sky(60, 11);
        var expected = PipelineTestScenes.RunEngine(spec, options, sky, out var engine);

        await using var pipeline = SegmentationPipeline.Start(spec, options, originUs: 0);
        var actual = await PipelineTestScenes.RunPipelineAsync(pipeline, sky);

        Assert.True(engine.Statistics.StdpUpdates > 0, "learning must be on and active for this comparison to mean anything");
        Assert.True(engine.Statistics.Instances > 0, "the run must produce instances for this comparison to mean anything");
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Step, actual[i].Step);
            Assert.Equal(expected[i].Events, actual[i].Events);
            Assert.Equal(expected[i].Instances, actual[i].Instances);
        }

        Assert.Equal(pipeline.Counters.StepsIn, pipeline.Counters.StepsOut);
        Assert.Equal(0, pipeline.Counters.StepsSkipped);
        Assert.Equal(pipeline.Counters.EventsIn, pipeline.Counters.EventsBinned + pipeline.Counters.EventsDropped);
    }
}

public sealed class PipelineGapTests
{
    [Fact]
    public async Task LongQuietGapResetsBothEnginesTheSameWay()
    {
        var spec = PipelineTestScenes.Spec(); // 1 ms steps: a 20 s silence is 20 000 empty steps, beyond the simulated limit
        var options = PipelineTestScenes.Options(spec);
        var packets = new List<SpikeSeg.Core.Events.EventPacket>();
        foreach (long offset in new long[] { 0, 21_000_000 })
        {
            foreach (var chunk in SpikeSeg.Streaming.Synthetic.SkySceneGenerator.Generate(PipelineTestScenes.Sky(1, 9)))
            {
                var p = chunk.Events.Clone();
                for (int i = 0; i < p.Count; i++)
                {
                    p.TimestampUs[i] += offset;
                }

                packets.Add(p);
            }
        }

        var expected = new List<SpikeSeg.Core.Output.SegmentationFrame>();
        var run = new SpikeSeg.Streaming.Running.SegmentationRun(spec, options, originUs: 0);
        run.OnFrame((f, _) => expected.Add(f));
        packets.ForEach(run.Feed);
        run.Complete();
        Assert.Equal(1, run.Engine.Statistics.GapResets);

        await using var pipeline = SegmentationPipeline.Start(spec, options, originUs: 0);
        var actual = new List<SpikeSeg.Core.Output.SegmentationFrame>();
        var reading = Task.Run(async () =>
        {
            await foreach (var f in pipeline.Frames.ReadAllAsync())
            {
                actual.Add(f);
            }
        });
        foreach (var p in packets)
        {
            await pipeline.FeedAsync(p);
        }

        await pipeline.CompleteAsync();
        await reading;
        Assert.Equal(expected.Select(f => (f.Step, f.Events, f.Instances.Count)), actual.Select(f => (f.Step, f.Events, f.Instances.Count)));
        Assert.Equal(expected.SelectMany(f => f.Instances), actual.SelectMany(f => f.Instances));
        Assert.True(expected.Max(f => f.Step) > 21_000, "the second burst must be processed after the gap");
    }
}
