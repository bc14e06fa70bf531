using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

/// <summary>The event-driven layer equals the dense time-stepped oracle: identical spikes, potentials within 1e-5.</summary>
public sealed class LayerEngineEquivalenceTests
{
    /// <summary>
    /// Each way of choosing the positions a step updates, pinned, and the adaptive mix of both; each with the
    /// currents kept readable and zeroed as they are integrated (the engine's way).
    /// </summary>
    public static TheoryData<StepScan, bool> Scans => new()
    {
        { StepScan.Adaptive, true }, { StepScan.TouchedOnly, true }, { StepScan.WholeLayer, true },
        { StepScan.Adaptive, false }, { StepScan.TouchedOnly, false }, { StepScan.WholeLayer, false },
    };

    [Theory]
    [MemberData(nameof(Scans))]
    public void RandomLayersAndInputsGiveIdenticalSpikes(StepScan scan, bool keepsCurrents)
    {
        Prop.ForAll(NetworkScenarios.Seeds, seed => RunPair(seed, steps: 25, silentChance: 0.3, thresholdChanges: false, scan, keepsCurrents))
            .Check(NetworkScenarios.Runs(100));
    }

    [Theory]
    [MemberData(nameof(Scans))]
    public void HomeostaticThresholdChangesAndModeSwitchesStayExact(StepScan scan, bool keepsCurrents)
    {
        Prop.ForAll(NetworkScenarios.Seeds, seed => RunPair(seed, steps: 30, silentChance: 0.4, thresholdChanges: true, scan, keepsCurrents))
            .Check(NetworkScenarios.Runs(70));
    }

    [Theory]
    [MemberData(nameof(Scans))]
    public void LongSilencesAreSettledLazily(StepScan scan, bool keepsCurrents)
    {
        // Hundreds of silent steps between bursts, past the iteration cap of the lazy leak: continuous mode, no resets.
        Prop.ForAll(NetworkScenarios.Seeds, seed => RunPair(seed, steps: 1600, silentChance: 0.995, thresholdChanges: false, scan, keepsCurrents))
            .Check(NetworkScenarios.Runs(8));
    }

    [Fact]
    public void ALayerThatDoesNotKeepItsCurrentsRefusesToReadThem()
    {
        var layer = new EventDrivenSpikingLayer(new ConvGeometry(1, 4, 4, 1, 3, 1, 1), new NeuronParameters(NeuronModel.Lif, LeakMode.Subtractive, 1f, 0f)) { KeepsCurrents = false };
        layer.Step([new InputCell(0, 1, 1, 1f)], []);
        var ex = Assert.Throws<InvalidOperationException>(() => layer.CopyCurrentTo(new float[16]));
        Assert.Contains("KeepsCurrents", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdaptiveStepsUpdateTheWholeLayerOnlyForADenseInput()
    {
        var g = new ConvGeometry(1, 20, 20, 2, 3, 1, 1);
        var layer = new EventDrivenSpikingLayer(g, new NeuronParameters(NeuronModel.Lif, LeakMode.Subtractive, 5f, 0.1f));
        layer.Weights.SetAll(NetworkScenarios.Weights(new Random(2), g.WeightLength));
        var spikes = new List<LayerSpike>();
        layer.Step([new InputCell(0, 10, 10, 1f)], spikes);
        Assert.Equal(9, layer.TouchedPositions);

        // 9 positions per cell: 5 cells reach 45 ≥ 0.1 · 400 positions, so the step updates all of them.
        var dense = Enumerable.Range(0, 5).Select(i => new InputCell(0, 2 + (3 * i), 4, 1f)).ToArray();
        layer.Step(dense, spikes);
        Assert.Equal(400, layer.TouchedPositions);
    }

    [Fact]
    public void LoweredThresholdMakesASilentNeuronFire()
    {
        // One neuron charged to 1.5 under θ = 2 (no leak); lowering θ to 1 must fire it in the next step even without input.
        foreach (var engine in new[] { EncoderEngine.Dense, EncoderEngine.EventDriven })
        {
            var layer = Create(engine, new ConvGeometry(1, 1, 1, 1, 1, 1, 0), new NeuronParameters(NeuronModel.Lif, LeakMode.Subtractive, 2f, 0f));
            layer.Weights.SetAll([1f]);
            var spikes = new List<LayerSpike>();
            layer.Step([new InputCell(0, 0, 0, 1.5f)], spikes);
            Assert.Empty(spikes);
            layer.Step([], spikes);
            Assert.Empty(spikes);
            layer.SetChannelThresholds([1f]);
            layer.Step([], spikes);
            var spike = Assert.Single(spikes);
            Assert.Equal(1.5f, spike.PreResetPotential);
            Assert.Equal(0f, NetworkScenarios.Membrane(layer)[0]);
        }
    }

    [Fact]
    public void FeatureWeightUpdatesReachBothLayoutsAndBumpTheVersion()
    {
        var r = new Random(3);
        var g = new ConvGeometry(2, 6, 6, 5, 3, 1, 1);
        var neuron = new NeuronParameters(NeuronModel.Lif, LeakMode.Subtractive, 1f, 0.1f);
        var dense = Create(EncoderEngine.Dense, g, neuron);
        var sparse = Create(EncoderEngine.EventDriven, g, neuron);
        var w = NetworkScenarios.Weights(r, g.WeightLength);
        dense.Weights.SetAll(w);
        sparse.Weights.SetAll(w);
        long before = sparse.Weights.Version;
        var feature = NetworkScenarios.Weights(r, sparse.Weights.FeatureLength);
        dense.Weights.SetFeature(3, feature);
        sparse.Weights.SetFeature(3, feature);
        Assert.Equal(before + 1, sparse.Weights.Version);
        Assert.Equal(feature, sparse.Weights.Feature(3).ToArray());
        var a = new List<LayerSpike>();
        var b = new List<LayerSpike>();
        for (int t = 0; t < 6; t++)
        {
            var input = NetworkScenarios.Input(r, 2, 6, 6, 0.3, binary: false);
            dense.Step(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(input), a);
            sparse.Step(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(input), b);
            Assert.Equal(a, b);
            Assert.Equal(NetworkScenarios.Membrane(dense), NetworkScenarios.Membrane(sparse));
        }
    }

    [Fact]
    public void BadThresholdsAndWeightsAreRejected()
    {
        var layer = Create(EncoderEngine.EventDriven, new ConvGeometry(1, 3, 3, 2, 3, 1, 1), new NeuronParameters(NeuronModel.Lif, LeakMode.Subtractive, 1f, 0f));
        Assert.Throws<SpikeSeg.Core.InvalidInputException>(() => layer.SetChannelThresholds([1f]));
        Assert.Throws<SpikeSeg.Core.InvalidInputException>(() => layer.SetChannelThresholds([1f, 0f]));
        Assert.Throws<SpikeSeg.Core.InvalidInputException>(() => layer.SetChannelThresholds([1f, float.NaN]));
        Assert.Throws<SpikeSeg.Core.InvalidInputException>(() => layer.Weights.SetAll(new float[5]));
        Assert.Throws<SpikeSeg.Core.InvalidInputException>(() => layer.Weights.SetFeature(0, [1, 1, 1, 1, float.PositiveInfinity, 1, 1, 1, 1]));
        Assert.Throws<SpikeSeg.Core.InvalidInputException>(() => layer.Step([new InputCell(0, 3, 0, 1f)], []));
        Assert.Throws<SpikeSeg.Core.InvalidInputException>(() => layer.Step([new InputCell(0, 1, 1, 1f), new InputCell(0, 1, 1, 2f)], []));
        Assert.Throws<SpikeSeg.Core.InvalidInputException>(() => new NeuronParameters(NeuronModel.Lif, LeakMode.Multiplicative, 1f, 2f));
    }

    internal static ISpikingLayer Create(EncoderEngine engine, ConvGeometry g, NeuronParameters neuron, StepScan scan = StepScan.Adaptive, bool keepsCurrents = true, int bandNeurons = EventDrivenSpikingLayer.DefaultBandNeurons) =>
        engine == EncoderEngine.Dense ? new DenseSpikingLayer(g, neuron) : new EventDrivenSpikingLayer(g, neuron) { Scan = scan, KeepsCurrents = keepsCurrents, BandNeurons = bandNeurons };

    private static void RunPair(int seed, int steps, double silentChance, bool thresholdChanges, StepScan scan, bool keepsCurrents)
    {
        var r = new Random(seed);
        var g = NetworkScenarios.Geometry(r);
        var neuron = NetworkScenarios.Neuron(r);
        var dense = Create(EncoderEngine.Dense, g, neuron);
        // Whole-layer steps of a layer without kept currents go band by band: bands of one row up to the whole layer.
        int bandNeurons = r.Next(1, (g.OutHeight + 1) * g.OutWidth * g.OutChannels);
        var sparse = Create(EncoderEngine.EventDriven, g, neuron, scan, keepsCurrents, bandNeurons);
        var weights = NetworkScenarios.Weights(r, g.WeightLength);
        dense.Weights.SetAll(weights);
        sparse.Weights.SetAll(weights);
        bool fireOnce = r.Next(2) == 0;
        dense.FireOnce = fireOnce;
        sparse.FireOnce = fireOnce;
        bool binary = r.Next(2) == 0;
        double density = 0.05 + (r.NextDouble() * 0.4);
        var a = new List<LayerSpike>();
        var b = new List<LayerSpike>();
        // Reading the whole state settles every owed leak, so reads are rare: most touches must settle lazily.
        double readChance = steps > 100 ? 0.01 : 0.15;
        for (int t = 0; t < steps; t++)
        {
            if (thresholdChanges && r.Next(6) == 0)
            {
                ChangeDynamics(r, g, neuron, dense, sparse);
            }

            var input = r.NextDouble() < silentChance ? [] : NetworkScenarios.Input(r, g.InChannels, g.InHeight, g.InWidth, density, binary);
            dense.Step(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(input), a);
            sparse.Step(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(input), b);
            Assert.True(a.SequenceEqual(b), $"seed {seed}, step {t}: dense {a.Count} spikes, event-driven {b.Count} spikes differ");
            if (r.NextDouble() < readChance || t == steps - 1)
            {
                NetworkScenarios.AssertClose(NetworkScenarios.Membrane(dense), NetworkScenarios.Membrane(sparse), $"seed {seed}, step {t} membrane");
                NetworkScenarios.AssertClose(NetworkScenarios.PreReset(dense), NetworkScenarios.PreReset(sparse), $"seed {seed}, step {t} pre-reset");
                if (keepsCurrents)
                {
                    NetworkScenarios.AssertClose(NetworkScenarios.Current(dense), NetworkScenarios.Current(sparse), $"seed {seed}, step {t} current");
                }
            }
        }
    }

    private static void ChangeDynamics(Random r, ConvGeometry g, NeuronParameters neuron, ISpikingLayer dense, ISpikingLayer sparse)
    {
        switch (r.Next(4))
        {
            case 0:
                var thresholds = new float[g.OutChannels];
                for (int c = 0; c < thresholds.Length; c++)
                {
                    thresholds[c] = neuron.Threshold * (0.2f + (float)r.NextDouble());
                }

                dense.SetChannelThresholds(thresholds);
                sparse.SetChannelThresholds(thresholds);
                break;
            case 1:
                dense.ClearChannelThresholds();
                sparse.ClearChannelThresholds();
                break;
            case 2:
                dense.FireOnce = !dense.FireOnce;
                sparse.FireOnce = !sparse.FireOnce;
                break;
            default:
                dense.Reset();
                sparse.Reset();
                break;
        }
    }
}
