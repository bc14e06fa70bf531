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
