using SpikeSeg.Actors.Runtime;
using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Pipeline;

namespace SpikeSeg.Tests.Streaming.Pipeline;

public sealed class PipelineBackpressureAndFaultTests
{
    [Fact]
    public async Task SlowSinkSlowsTheSourceQueuesStayBoundedAndEveryEventIsAccounted()
    {
        var spec = PipelineTestScenes.FastSpec();
        var options = PipelineTestScenes.Options(spec);
        var sky = PipelineTestScenes.Sky(4, 3);
        var pipelineOptions = new PipelineOptions { MailboxCapacity = 4, FrameCapacity = 4 };
        await using var pipeline = SegmentationPipeline.Start(spec, options, pipelineOptions, originUs: 0);
        long maxInFlight = 0;
        int maxQueuedFrames = 0;
        var frames = await PipelineTestScenes.RunPipelineAsync(pipeline, sky, async frame =>
        {
            maxQueuedFrames = Math.Max(maxQueuedFrames, pipeline.Frames.Count);
            maxInFlight = Math.Max(maxInFlight, pipeline.Counters.StepsIn - pipeline.Counters.StepsOut);
            await Task.Delay(1); // the slow sink
        });

        // Four mailboxes of 4, one step in each actor's hands, one being sent: nothing else can be in flight.
        Assert.InRange(maxInFlight, 1, (4 * 4) + 4 + 1);
        Assert.InRange(maxQueuedFrames, 0, 4);
        Assert.Equal(pipeline.Counters.StepsIn, frames.Count);
        Assert.Equal(pipeline.Counters.StepsIn, pipeline.Counters.StepsOut);
        Assert.Equal(pipeline.Counters.EventsIn, pipeline.Counters.EventsBinned + pipeline.Counters.EventsDropped);
        Assert.Equal(pipeline.Counters.EventsBinned, frames.Sum(f => (long)f.Events));
    }

    [Fact]
    public async Task TransientFaultRestartsFromTheSnapshotAndRetriesTheStep()
    {
        var spec = PipelineTestScenes.FastSpec();
        var options = PipelineTestScenes.Options(spec);
        var pipelineOptions = new PipelineOptions
        {
            FaultInjector = (stage, step, attempt) =>
            {
                if (stage == 1 && step == 150 && attempt == 1)
                {
                    throw new InvalidOperationException("injected fault in conv2 at step 150");
                }
            },
        };
        await using var pipeline = SegmentationPipeline.Start(spec, options, pipelineOptions, originUs: 0);
        var frames = await PipelineTestScenes.RunPipelineAsync(pipeline, PipelineTestScenes.Sky(2, 5));

        Assert.Equal(1, pipeline.Counters.Restarts);
        Assert.Equal(0, pipeline.Counters.StepsSkipped);
        Assert.Equal(pipeline.Counters.StepsIn, frames.Count);
        Assert.Contains(frames, f => f.Step == 150);
    }

    [Fact]
    public async Task PoisonStepIsRetriedOnceThenSkippedAndCounted()
    {
        var spec = PipelineTestScenes.FastSpec();
        var options = PipelineTestScenes.Options(spec);
        var pipelineOptions = new PipelineOptions
        {
            FaultInjector = (stage, step, _) =>
            {
                if (stage == 2 && step == 77)
                {
                    throw new InvalidOperationException("poison step");
                }
            },
        };
        await using var pipeline = SegmentationPipeline.Start(spec, options, pipelineOptions, originUs: 0);
        var frames = await PipelineTestScenes.RunPipelineAsync(pipeline, PipelineTestScenes.Sky(2, 6));

        Assert.Equal(2, pipeline.Counters.Restarts);
        Assert.Equal(1, pipeline.Counters.StepsSkipped);
        Assert.DoesNotContain(frames, f => f.Step == 77);
        Assert.Equal(pipeline.Counters.StepsIn, frames.Count + pipeline.Counters.StepsSkipped);
        // Every event read is processed in a frame, counted in a skipped step, or counted as dropped by the binner.
        Assert.Equal(pipeline.Counters.EventsIn, frames.Sum(f => (long)f.Events) + pipeline.Counters.EventsSkipped + pipeline.Counters.EventsDropped);
    }

    [Fact]
    public async Task RestartBudgetExhaustedEscalatesAndFailsThePipeline()
    {
        var spec = PipelineTestScenes.FastSpec();
        var options = PipelineTestScenes.Options(spec);
        var pipelineOptions = new PipelineOptions
        {
            Supervision = SupervisorStrategy.OneForOne(maxRestarts: 2, restartWindow: TimeSpan.FromMinutes(1), otherwise: Directive.Restart),
            FaultInjector = (stage, step, _) =>
            {
                if (stage == 0 && step >= 10)
                {
                    throw new InvalidOperationException("conv1 is broken from step 10 on");
                }
            },
        };
        await using var pipeline = SegmentationPipeline.Start(spec, options, pipelineOptions, originUs: 0);
        var run = PipelineTestScenes.RunPipelineAsync(pipeline, PipelineTestScenes.Sky(2, 7));
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await run.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(pipeline.Failure.IsFaulted, $"the pipeline should report the failure, got {failure.GetType().Name}: {failure.Message}");
    }
}

public sealed class FailingSinkTests
{
    [Fact]
    public async Task FailingSinkIsCountedAndTheRunFinishes()
    {
        var spec = PipelineTestScenes.FastSpec();
        var options = PipelineTestScenes.Options(spec);
        await using var pipeline = SegmentationPipeline.Start(spec, options, originUs: 0);
        var written = new List<long>();
        var sinking = FrameSinkRunner.RunAsync(pipeline, frame =>
        {
            if (frame.Step % 7 == 3)
            {
                throw new IOException($"disk full at step {frame.Step}");
            }

            written.Add(frame.Step);
            return ValueTask.CompletedTask;
        });
        foreach (var chunk in SpikeSeg.Streaming.Synthetic.SkySceneGenerator.Generate(PipelineTestScenes.Sky(2, 8)))
        {
            await pipeline.FeedAsync(chunk.Events);
        }

        await pipeline.CompleteAsync();
        long count = await sinking;
        long steps = pipeline.Counters.StepsOut;
        long failing = Enumerable.Range(0, (int)steps).Count(s => s % 7 == 3);
        Assert.Equal(failing, pipeline.Counters.SinkFailures);
        Assert.Equal(steps - failing, count);
        Assert.Equal(count, written.Count);
        Assert.Equal(pipeline.Counters.StepsIn, written.Count + pipeline.Counters.SinkFailures);
    }

    [Fact]
    public async Task DeadSinkStopsTheRunWithItsError()
    {
        var spec = PipelineTestScenes.FastSpec();
        var options = PipelineTestScenes.Options(spec);
        await using var pipeline = SegmentationPipeline.Start(spec, options, originUs: 0);
        var sinking = FrameSinkRunner.RunAsync(pipeline, _ => throw new IOException("sink gone"), maxConsecutiveFailures: 5);
        using var stopFeeding = new CancellationTokenSource();
        var feeding = Task.Run(async () =>
        {
            // 600 steps: more than every queue of the pipeline can hold, so the source must end up waiting.
            foreach (var chunk in SpikeSeg.Streaming.Synthetic.SkySceneGenerator.Generate(PipelineTestScenes.Sky(3, 8)))
            {
                await pipeline.FeedAsync(chunk.Events, stopFeeding.Token);
            }
        });
        var error = await Assert.ThrowsAsync<IOException>(() => sinking);
        Assert.Equal("sink gone", error.Message);
        Assert.Equal(5, pipeline.Counters.SinkFailures);

        // The operator's side: stop the source and let the network empty its queues before shutdown.
        await stopFeeding.CancelAsync();
        var draining = Task.Run(async () =>
        {
            await foreach (var _ in pipeline.Frames.ReadAllAsync())
            {
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => feeding);
    }
}
