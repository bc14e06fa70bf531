using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Tests.Core.Learning;

public sealed class HomeostasisTests
{
    // τ = 1/ln 2 makes the per-sample decay factor exp(−1/τ) = ½, so the sequence is easy to follow by hand.
    private static readonly HomeostasisSpec HalfDecay = new() { ThetaRest = 1f, ThetaPlus = 0.5f, TauTheta = (float)(1 / Math.Log(2)), ThetaMax = 10f };

    [Fact]
    public void Update_IncreasesFiredMapsThenDecaysAllTowardRest()
    {
        var manager = new AdaptiveThresholdManager(2, HalfDecay);
        manager.Update([true, false]);   // map 0: 1.5 → 1 + 0.5·½ = 1.25
        Assert.Equal(1.25f, manager.Thresholds[0], 5);
        Assert.Equal(1f, manager.Thresholds[1], 5);
        manager.Update([true, false]);   // 1.75 → 1.375
        manager.Update([false, true]);   // map 0: 1.1875; map 1: 1.5 → 1.25
        Assert.Equal(1.1875f, manager.Thresholds[0], 5);
        Assert.Equal(1.25f, manager.Thresholds[1], 5);
        Assert.Equal([2L, 1L], manager.SpikeCounts.ToArray());
        Assert.Equal(3, manager.TotalSamples);
    }

    [Fact]
    public void Update_ClampsAtThetaMaxBeforeTheDecay()
    {
        var manager = new AdaptiveThresholdManager(1, HalfDecay with { ThetaMax = 1.6f });
        manager.Update([true]);   // 1.25
        manager.Update([true]);   // 1.75 → 1.6 → 1.3
        Assert.Equal(1.3f, manager.Thresholds[0], 5);
    }

    [Fact]
    public void Reset_RestoresRestAndClearsStatistics()
    {
        var manager = new AdaptiveThresholdManager(2, HalfDecay);
        manager.Update([true, true]);
        manager.Reset();
        Assert.Equal([1f, 1f], manager.Thresholds.ToArray());
        Assert.Equal(0, manager.TotalSamples);
        Assert.Equal([0L, 0L], manager.SpikeCounts.ToArray());
    }

    [Fact]
    public void Construction_RejectsNonPositiveTau()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new AdaptiveThresholdManager(1, HalfDecay with { TauTheta = 0f }));
        Assert.Contains("tauTheta", ex.Message, StringComparison.Ordinal);
    }

    private static (float[] Weights, AdaptiveThresholdManager Manager) DeadMapScenario(int samples)
    {
        var kernel = new KernelShape(2, 1, 2);
        var weights = Enumerable.Repeat(0.5f, kernel.Length).ToArray();
        var manager = new AdaptiveThresholdManager(2, new HomeostasisSpec());
        for (int s = 0; s < samples; s++)
        {
            manager.Update([false, true]);
        }

        return (weights, manager);
    }

    [Fact]
    public void DeadNeuronRecovery_WaitsForMoreThanOneHundredSamples()
    {
        var (weights, manager) = DeadMapScenario(100);
        int boosted = DeadNeuronRecovery.Apply(weights, new KernelShape(2, 1, 2), manager, new WeightBounds(0f, 1f), new DeterministicRandom(1));
        Assert.Equal(0, boosted);
        Assert.All(weights, w => Assert.Equal(0.5f, w));
    }

    [Fact]
    public void DeadNeuronRecovery_BoostsOnlyDeadMaps_Deterministically()
    {
        var (first, manager) = DeadMapScenario(101);
        var second = (float[])first.Clone();
        var kernel = new KernelShape(2, 1, 2);
        Assert.Equal(1, DeadNeuronRecovery.Apply(first, kernel, manager, new WeightBounds(0f, 1f), new DeterministicRandom(9)));
        DeadNeuronRecovery.Apply(second, kernel, manager, new WeightBounds(0f, 1f), new DeterministicRandom(9));

        Assert.Equal(first, second);
        Assert.Contains(first.Take(4), w => w != 0.5f);
        Assert.All(first.Skip(4), w => Assert.Equal(0.5f, w));
        Assert.All(first, w => Assert.InRange(w, 0f, 1f));
    }

    [Fact]
    public void NeuronAdaptiveThreshold_UsesTheCumulativeRateAndClamps()
    {
        var shape = new SpikeMapShape(1, 1, 2);
        var thresholds = new NeuronAdaptiveThreshold(shape, initialThreshold: 10f, targetRate: 0.5f, learningRate: 0.2f, thresholdMin: 9f, thresholdMax: 11.5f);
        thresholds.Update([1f, 0f], 1);
        // Neuron 0 rate 1: 10 + 0.2·0.5·10 = 11; neuron 1 rate 0: 10 − 1 = 9.
        Assert.Equal([11f, 9f], thresholds.Thresholds.ToArray());
        thresholds.Update([1f, 0f, 1f, 0f], 2);
        // Neuron 0: rate 3/3, 11 + 0.1·11 = 12.1 → 11.5; neuron 1: rate 0, 9 − 0.9 = 8.1 → 9.
        Assert.Equal(11.5f, thresholds.Thresholds[0], 5);
        Assert.Equal(9f, thresholds.Thresholds[1], 5);
        Assert.Equal(3, thresholds.Presentations);
    }

    [Fact]
    public void FiredMaps_FlagsMapsWithAnySpikeInAnyStep()
    {
        var shape = new SpikeMapShape(3, 1, 2);
        // Two steps: map 0 silent, map 1 fires at step 0, map 2 at step 1.
        float[] spikes = [0, 0, 0, 1, 0, 0, /* step 1 */ 0, 0, 0, 0, 1, 0];
        var fired = new bool[3];
        AdaptiveThresholdManager.FiredMaps(spikes, shape, 2, fired);
        Assert.Equal([false, true, true], fired);
    }
}
