using SpikeSeg.Actors.Runtime;
using SpikeSeg.Tests.Actors.TestKit;

namespace SpikeSeg.Tests.Actors;

/// <summary>
/// Design §5 end to end on a stand-in layer: the owner publishes a copy of its weights after each step;
/// a failure halfway through a step restarts it from the last snapshot, the step is retried once, and
/// readers never see the half-updated array.
/// </summary>
public sealed class SnapshotResumeTests
{
    public sealed record LearnStep(int Number, float Delta, bool FailHalfwayOnFirstAttempt = false);

    public sealed record StepDone(int Number, long Version);

    [Fact]
    public async Task FailureHalfwayThroughAStep_RestartsFromTheLastSnapshot_AndTheRetriedStepCompletes()
    {
        await using var t = new ActorTestSystem(SupervisorStrategy.OneForOne(3, TimeSpan.FromMinutes(1), Directive.Restart));
        var probe = t.CreateProbe();
        var weights = new VersionedSnapshot<float[]>();
        weights.Publish(new float[4]);
        var failedOnce = new HashSet<int>();
        var layer = t.System.ActorOf(Props.Create(() => new StandInLayer(weights, probe, failedOnce)), "conv1");

        layer.Tell(new LearnStep(1, 1f));
        layer.Tell(new LearnStep(2, 10f, FailHalfwayOnFirstAttempt: true));
        layer.Tell(new LearnStep(3, 100f));

        Assert.Equal(new StepDone(1, 2), await probe.ExpectMsgAsync<StepDone>());
        Assert.Equal(new StepDone(2, 3), await probe.ExpectMsgAsync<StepDone>());
        Assert.Equal(new StepDone(3, 4), await probe.ExpectMsgAsync<StepDone>());

        // Without the restore, step 2's half-applied delta would have been added twice to cells 0 and 1.
        Assert.Equal(new[] { 111f, 111f, 111f, 111f }, weights.Latest!.Value);
    }

    /// <summary>Owns a weight array; only copies of it are ever published.</summary>
    private sealed class StandInLayer(VersionedSnapshot<float[]> published, IActorRef report, HashSet<int> failedOnce) : Actor
    {
        private float[] _weights = [];

        protected internal override void PreStart() => _weights = (float[])published.Latest!.Value.Clone();

        protected internal override void PreRestart(Exception reason, object? message) => Context.RetryOnceThenSkip();

        protected internal override ValueTask ReceiveAsync(object message)
        {
            if (message is LearnStep step)
            {
                for (int i = 0; i < _weights.Length; i++)
                {
                    if (i == 2 && step.FailHalfwayOnFirstAttempt && failedOnce.Add(step.Number))
                    {
                        throw new TestFailureException($"step {step.Number} failed after updating {i} weights");
                    }

                    _weights[i] += step.Delta;
                }

                long version = published.Publish((float[])_weights.Clone());
                report.Tell(new StepDone(step.Number, version));
            }

            return ValueTask.CompletedTask;
        }
    }
}
