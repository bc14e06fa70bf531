using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

public sealed class NeuronDynamicsTests
{
    [Fact]
    public void LifClampsBeforeTheThresholdTestAndIfDoesNot()
    {
        var lif = new NeuronParameters(NeuronModel.Lif, LeakMode.Subtractive, 1f, 0.5f);
        var integrateAndFire = new NeuronParameters(NeuronModel.If, LeakMode.Subtractive, 1f, 0.5f);
        Assert.Equal(0f, NeuronDynamics.Integrate(0.2f, -1f, lif));
        Assert.Equal(-1.3f, NeuronDynamics.Integrate(0.2f, -1f, integrateAndFire), 6);
    }

    [Fact]
    public void FireOnceNeuronKeepsIntegratingWithoutResetAfterItsSpike()
    {
        var p = new NeuronParameters(NeuronModel.Lif, LeakMode.Subtractive, 1f, 0f);
        float v = 0f;
        bool fired = false;
        Assert.True(NeuronDynamics.Step(ref v, ref fired, 1.5f, 1f, p, fireOnce: true, out _));
        Assert.Equal(0f, v);
        Assert.True(fired);
        Assert.False(NeuronDynamics.Step(ref v, ref fired, 1.5f, 1f, p, fireOnce: true, out float pre));
        Assert.Equal(1.5f, pre);
        Assert.Equal(1.5f, v);
        // Without fire-once the same neuron fires again and resets.
        Assert.True(NeuronDynamics.Step(ref v, ref fired, 0f, 1f, p, fireOnce: false, out _));
        Assert.Equal(0f, v);
    }

    [Fact]
    public void ThresholdIsGreaterOrEqualAndMultiplicativeLeakUsesTheConfiguredThreshold()
    {
        // β = 1 − λ/θ_config = 1 − 1/4 = 0.75, also when a per-channel threshold of 2 is in force.
        var p = new NeuronParameters(NeuronModel.Lif, LeakMode.Multiplicative, 4f, 1f);
        Assert.Equal(0.75f, p.Beta);
        float v = 2f;
        bool fired = false;
        Assert.False(NeuronDynamics.Step(ref v, ref fired, 0f, 2f, p, fireOnce: false, out _));
        Assert.Equal(1.5f, v);
        Assert.True(NeuronDynamics.Step(ref v, ref fired, 0.875f, 2f, p, fireOnce: false, out float pre));
        Assert.Equal(2f, pre);
    }

    [Fact]
    public void LazySettleEqualsIteratedSilentStepsUpToTheCap()
    {
        Prop.ForAll(NetworkScenarios.Seeds, seed =>
        {
            var r = new Random(seed);
            var p = NetworkScenarios.Neuron(r);
            float start = (float)((r.NextDouble() * 6) - 2);
            if (p.Model == NeuronModel.Lif && start < 0)
            {
                start = -start;
            }

            int owed = r.Next(0, LazyLeak.IterationCap + 1);
            float iterated = start;
            for (int i = 0; i < owed; i++)
            {
                iterated = NeuronDynamics.Integrate(iterated, 0f, p);
            }

            Assert.Equal(iterated, LazyLeak.Settle(start, owed, p));
        }).Check(NetworkScenarios.Runs(300));
    }

    [Fact]
    public void BeyondTheCapTheClosedFormStaysClose()
    {
        var subtractiveIf = new NeuronParameters(NeuronModel.If, LeakMode.Subtractive, 1f, 0.01f);
        var multiplicative = new NeuronParameters(NeuronModel.If, LeakMode.Multiplicative, 1f, 0.001f);
        foreach (var p in new[] { subtractiveIf, multiplicative })
        {
            long owed = LazyLeak.IterationCap + 500;
            float iterated = 0.7f;
            for (long i = 0; i < owed; i++)
            {
                iterated = NeuronDynamics.Integrate(iterated, 0f, p);
            }

            float settled = LazyLeak.Settle(0.7f, owed, p);
            Assert.True(Math.Abs(settled - iterated) <= 1e-4 * Math.Abs(iterated), $"{p.LeakMode}: {settled} vs {iterated}");
        }

        // A clamped LIF stops at its fixed point 0 long before the cap.
        var lif = new NeuronParameters(NeuronModel.Lif, LeakMode.Subtractive, 1f, 0.25f);
        Assert.Equal(0f, LazyLeak.Settle(0.9f, long.MaxValue / 2, lif));
    }
}
