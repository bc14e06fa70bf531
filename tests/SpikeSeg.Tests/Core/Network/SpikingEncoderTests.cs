using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

public sealed class SpikingEncoderTests
{
    [Fact]
    public void DenseAndEventDrivenEncodersAgreeOverWindowsAndContinuousRuns()
    {
        Prop.ForAll(NetworkScenarios.Seeds, seed =>
        {
            var r = new Random(seed);
            var topology = RandomTopology(r);
            var dense = new SpikingEncoder(topology, EncoderEngine.Dense);
            var sparse = new SpikingEncoder(topology, EncoderEngine.EventDriven);
            foreach (var (a, b) in new[] { (dense.Conv1, sparse.Conv1), (dense.Conv2, sparse.Conv2), (dense.Conv3, sparse.Conv3) })
            {
                var w = Positive(r, a.Weights.Oihw.Length);
                a.Weights.SetAll(w);
                b.Weights.SetAll(w);
            }

            bool continuous = r.Next(2) == 0;
            dense.FireOnce = sparse.FireOnce = !continuous || r.Next(2) == 0;
            for (int window = 0; window < 3; window++)
            {
                bool reset = !continuous || window == 0;
                dense.BeginWindow(reset);
                sparse.BeginWindow(reset);
                if (r.Next(3) == 0)
                {
                    var theta = Enumerable.Range(0, topology.Conv2.Channels).Select(_ => topology.Conv2.Threshold * (0.5f + (float)r.NextDouble())).ToArray();
                    dense.Conv2.SetChannelThresholds(theta);
                    sparse.Conv2.SetChannelThresholds(theta);
                }

                int steps = r.Next(1, 7);
                for (int t = 0; t < steps; t++)
                {
                    var input = r.Next(4) == 0 ? [] : NetworkScenarios.Input(r, topology.InputChannels, topology.InputHeight, topology.InputWidth, 0.2 + (r.NextDouble() * 0.4), binary: r.Next(2) == 0);
                    var x = dense.Step(CollectionsMarshal.AsSpan(input));
                    var y = sparse.Step(CollectionsMarshal.AsSpan(input));
                    Assert.Equal(t, y.StepInWindow);
                    Assert.Equal(x.Conv1Spikes.ToArray(), y.Conv1Spikes.ToArray());
                    Assert.Equal(x.Pool1Spikes.ToArray(), y.Pool1Spikes.ToArray());
                    Assert.Equal(x.Conv2Spikes.ToArray(), y.Conv2Spikes.ToArray());
                    Assert.Equal(x.Pool2Spikes.ToArray(), y.Pool2Spikes.ToArray());
                    Assert.Equal(x.Conv3Spikes.ToArray(), y.Conv3Spikes.ToArray());
                }

                Assert.Equal(dense.Window.Conv1.Chw.ToArray(), sparse.Window.Conv1.Chw.ToArray());
                Assert.Equal(dense.Window.Pool1.Chw.ToArray(), sparse.Window.Pool1.Chw.ToArray());
                Assert.Equal(dense.Window.Conv2.Chw.ToArray(), sparse.Window.Conv2.Chw.ToArray());
                Assert.Equal(dense.Window.Pool2.Chw.ToArray(), sparse.Window.Pool2.Chw.ToArray());
                Assert.Equal(dense.Window.Conv3.Chw.ToArray(), sparse.Window.Conv3.Chw.ToArray());
                NetworkScenarios.AssertClose(NetworkScenarios.Membrane(dense.Conv2), NetworkScenarios.Membrane(sparse.Conv2), $"seed {seed} conv2 membrane");
                for (int t = 0; t < steps; t++)
                {
                    Assert.Equal(dense.Window.Pool2At(t).ToArray(), sparse.Window.Pool2At(t).ToArray());
                }
            }
        }).Check(NetworkScenarios.Runs(60));
    }

    [Fact]
    public void FirstSpikeTimesAreTheFirstStepOfEachUnitAndResetPerWindow()
    {
        var topology = SmallTopology();
        var encoder = new SpikingEncoder(topology, EncoderEngine.EventDriven);
        var r = new Random(11);
        encoder.Conv1.Weights.SetAll(Positive(r, encoder.Conv1.Weights.Oihw.Length));
        encoder.Conv2.Weights.SetAll(Positive(r, encoder.Conv2.Weights.Oihw.Length));
        encoder.Conv3.Weights.SetAll(Positive(r, encoder.Conv3.Weights.Oihw.Length));
        encoder.FireOnce = false;
        encoder.BeginWindow(resetState: true);
        var seen = new Dictionary<(int, int, int), int>();
        for (int t = 0; t < 5; t++)
        {
            var input = NetworkScenarios.Input(r, topology.InputChannels, topology.InputHeight, topology.InputWidth, 0.3, binary: true);
            foreach (var s in encoder.Step(CollectionsMarshal.AsSpan(input)).Conv1Spikes)
            {
                seen.TryAdd((s.Channel, s.Y, s.X), t);
            }
        }

        Assert.NotEmpty(seen);
        var times = encoder.Window.Conv1;
        for (int c = 0; c < times.Channels; c++)
        {
            for (int y = 0; y < times.Height; y++)
            {
                for (int x = 0; x < times.Width; x++)
                {
                    Assert.Equal(seen.TryGetValue((c, y, x), out int t) ? t : -1, times.At(c, y, x));
                }
            }
        }

        encoder.BeginWindow(resetState: false);
        Assert.All(encoder.Window.Conv1.Chw.ToArray(), t => Assert.Equal(-1, t));
        Assert.Equal(0, encoder.Window.StepCount);
    }

    [Fact]
    public void EventDrivenStepsDoNotAllocateAfterWarmUp()
    {
        var topology = SmallTopology();
        var encoder = new SpikingEncoder(topology, EncoderEngine.EventDriven);
        var r = new Random(5);
        encoder.Conv1.Weights.SetAll(Positive(r, encoder.Conv1.Weights.Oihw.Length));
        encoder.Conv2.Weights.SetAll(Positive(r, encoder.Conv2.Weights.Oihw.Length));
        encoder.Conv3.Weights.SetAll(Positive(r, encoder.Conv3.Weights.Oihw.Length));
        var inputs = Enumerable.Range(0, 8).Select(_ => NetworkScenarios.Input(r, topology.InputChannels, topology.InputHeight, topology.InputWidth, 0.4, binary: true).ToArray()).ToArray();
        void Window()
        {
            encoder.BeginWindow(resetState: true);
            foreach (var input in inputs)
            {
                encoder.Step(input);
            }
        }

        // Warm-up: lists grow to their working sizes, the JIT compiles.
        for (int i = 0; i < 3; i++)
        {
            Window();
        }

        // A per-step allocation shows in every measurement. A one-off runtime event (a method reaching its next
        // tier while the whole suite loads the machine) showed once in a full run as 2 KB in one measurement, so
        // the steady state is the first of a few measurements that allocates nothing.
        var measured = new List<long>();
        for (int attempt = 0; attempt < 4 && (measured.Count == 0 || measured[^1] != 0); attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Window();
            Window();
            measured.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(measured[^1] == 0, $"bytes allocated per two windows: {string.Join(", ", measured)}");
    }

    [Fact]
    public void ReferencePresetSizes()
    {
        // reference-semantics §3: 128×128 with 2×2 pools → 128, 64, 64, 32, 32; the spikeseg preset's 7/6 pool1 → 21 → 10.
        var igarss = new EncoderTopology(2, 128, 128, new LayerSpec(4, 5, 10, 9), new PoolSpec(2, 2), new LayerSpec(36, 5, 10, 1), new PoolSpec(2, 2), new LayerSpec(1, 7, 10, 0));
        Assert.Equal((64, 32, 32), (igarss.Pool1Geometry.OutHeight, igarss.Pool2Geometry.OutHeight, igarss.Conv3Geometry.OutWidth));
        var spikeseg = igarss with { Pool1 = new PoolSpec(7, 6) };
        Assert.Equal((21, 21, 10, 10), (spikeseg.Pool1Geometry.OutHeight, spikeseg.Conv2Geometry.OutHeight, spikeseg.Pool2Geometry.OutHeight, spikeseg.Conv3Geometry.OutHeight));
    }

    private static EncoderTopology SmallTopology() =>
        new(2, 16, 16, new LayerSpec(4, 3, 0.8f, 0.2f), new PoolSpec(2, 2), new LayerSpec(6, 3, 1.5f, 0.1f), new PoolSpec(2, 2), new LayerSpec(2, 3, 3f, 0f));

    private static EncoderTopology RandomTopology(Random r)
    {
        int size = r.Next(8, 20);
        int k1 = r.Next(1, 4), s1 = r.Next(1, 3);
        LayerSpec Layer(int channels) => new(channels, (2 * r.Next(0, 3)) + 1, 0.5f + (float)(r.NextDouble() * 2), (float)(r.NextDouble() * 0.3), r.Next(2) == 0 ? LeakMode.Subtractive : LeakMode.Multiplicative);
        return new EncoderTopology(r.Next(1, 3), size, size, Layer(r.Next(1, 6)), new PoolSpec(k1, s1), Layer(r.Next(1, 10)), new PoolSpec(r.Next(1, 3), r.Next(1, 3)), Layer(r.Next(1, 3)));
    }

    /// <summary>Weights in [0, 1) like STDP keeps them, so spikes propagate to conv3.</summary>
    private static float[] Positive(Random r, int length) => Enumerable.Range(0, length).Select(_ => (float)r.NextDouble()).ToArray();
}
