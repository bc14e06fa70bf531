using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Network;
using SpikeSeg.Core.Output;

namespace SpikeSeg.Tests.Core.Engine;

/// <summary>
/// Whole runs (encoder, online learning, HULK decoding, SMASH, tracking) on the dense oracle and on the
/// event-driven engine must agree: same frames, same learned weights, potentials within 1e-5 relative.
/// </summary>
public sealed class EngineEquivalenceTests
{
    internal static NetworkSpec SmallSpec(int width, int height, LeakMode leakMode, float leak1, float leak2, int stepsPerWindow, ulong seed) => new()
    {
        Name = "small",
        Seed = seed,
        DefaultSensor = new SensorGeometry(width, height),
        Input = new InputSpec(width, height, 2, 1000, stepsPerWindow),
        Conv1 = new LayerSpec(2, 3, 0.05f, leak1, leakMode, Learns: false),
        Pool1 = new PoolSpec(2, 2),
        Conv2 = new LayerSpec(4, 3, 0.9f, leak2, leakMode, InhibitAcrossMaps: true),
        Pool2 = new PoolSpec(2, 2),
        Conv3 = new LayerSpec(1, 3, 1.5f, 0.1f, leakMode),
        Learning = new LearningSpec
        {
            WtaMode = WtaMode.Both,
            Homeostasis = new HomeostasisSpec { Enabled = true, ThetaRest = 0.9f, ThetaPlus = 0.05f, TauTheta = 20, ThetaMax = 3 },
            Convergence = new ConvergenceSpec { MinWinsPerFeature = 2, TargetRatio = 0.5f, Patience = 3, MaxEpochs = 4 },
        },
        Decoder = new DecoderSpec(),
    };

    /// <summary>Events as (step, x, y, polarity); steps may be far apart so neurons sit untouched for long.</summary>
    internal static List<(long T, int X, int Y, byte P)> Events(int[] raw, int width, int height)
    {
        var events = new List<(long, int, int, byte)>();
        long t = 0;
        for (int i = 0; i + 3 < raw.Length; i += 4)
        {
            t += Math.Abs(raw[i]) % 5 == 0 ? (Math.Abs(raw[i]) % 40) * 1000 : Math.Abs(raw[i]) % 700;
            events.Add((t, Math.Abs(raw[i + 1]) % width, Math.Abs(raw[i + 2]) % height, (byte)(Math.Abs(raw[i + 3]) % 2)));
        }

        return events;
    }

    internal static (List<SegmentationFrame> Frames, SpikeSegEngine Engine) Run(NetworkSpec spec, EncoderEngine engineKind, bool continuous, List<(long T, int X, int Y, byte P)> events)
    {
        var frames = new List<SegmentationFrame>();
        var options = new EngineOptions { Sensor = spec.DefaultSensor, Engine = engineKind, Learn = true, Continuous = continuous, WindowsPerEpoch = 2 };
        var run = new SpikeSeg.Streaming.Running.SegmentationRun(spec, options, originUs: 0);
        run.OnFrame((f, _) => frames.Add(f));
        var packet = new EventPacket();
        foreach (var (t, x, y, p) in events)
        {
            packet.Add(t, x, y, p);
            if (packet.Count == 7)
            {
                run.Feed(packet);
                packet.Clear();
            }
        }

        run.Feed(packet);
        run.Complete();
        return (frames, run.Engine);
    }

    [Fact]
    public void EventDrivenEqualsDenseForWholeRunsWithLearning()
    {
        var gen = from w in Gen.Choose(8, 20)
                  from h in Gen.Choose(8, 16)
                  from multiplicative in Gen.Elements(false, true)
                  from leak1 in Gen.Elements(0f, 0.02f, 0.05f)
                  from leak2 in Gen.Elements(0f, 0.1f, 0.3f)
                  from window in Gen.Choose(1, 6)
                  from continuous in Gen.Elements(false, true)
                  from seed in Gen.Choose(1, 1000)
                  from raw in Gen.ArrayOf(Gen.Choose(-100_000, 100_000), 400)
                  select (w, h, multiplicative, leak1, leak2, window, continuous, seed, raw);
        int learned = 0, cases = 0;
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var spec = SmallSpec(c.w, c.h, c.multiplicative ? LeakMode.Multiplicative : LeakMode.Subtractive, c.leak1, c.leak2, c.window, (ulong)c.seed);
            var events = Events(c.raw, c.w, c.h);
            var (denseFrames, dense) = Run(spec, EncoderEngine.Dense, c.continuous, events);
            var (sparseFrames, sparse) = Run(spec, EncoderEngine.EventDriven, c.continuous, events);
            cases++;
            learned += dense.Statistics.StdpUpdates > 0 && dense.Statistics.Conv3Spikes > 0 ? 1 : 0;
            Assert.Equal(denseFrames.Count, sparseFrames.Count);
            for (int i = 0; i < denseFrames.Count; i++)
            {
                Assert.Equal(denseFrames[i].Step, sparseFrames[i].Step);
                Assert.Equal(denseFrames[i].Instances, sparseFrames[i].Instances);
            }

            for (int s = 0; s < 3; s++)
            {
                Assert.Equal(dense.Stages[s].Layer.Weights.Oihw.ToArray(), sparse.Stages[s].Layer.Weights.Oihw.ToArray());
                Assert.Equal(dense.Stages[s].TotalSpikes, sparse.Stages[s].TotalSpikes);
                var a = new float[dense.Stages[s].Layer.Geometry.OutputLength];
                var b = new float[a.Length];
                dense.Stages[s].Layer.CopyMembraneTo(a);
                sparse.Stages[s].Layer.CopyMembraneTo(b);
                for (int i = 0; i < a.Length; i++)
                {
                    Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5 * Math.Max(1, Math.Max(Math.Abs(a[i]), Math.Abs(b[i]))), $"layer {s} membrane {i}: {a[i]} vs {b[i]}");
                }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));

        // The property means something only if most runs spike through to conv3 and learn.
        Assert.True(learned * 2 >= cases, $"only {learned} of {cases} runs learned and reached conv3");
    }

    [Fact]
    public void SameInputAndSeedGiveBitIdenticalWeights()
    {
        var spec = SmallSpec(16, 12, LeakMode.Subtractive, 0.02f, 0.1f, 4, 7);
        var raw = Enumerable.Range(0, 2000).Select(i => (int)((i * 2654435761L) % 100_000)).ToArray();
        var events = Events(raw, 16, 12);
        var (_, first) = Run(spec, EncoderEngine.EventDriven, true, events);
        var (_, second) = Run(spec, EncoderEngine.EventDriven, true, events);
        Assert.True(first.Statistics.StdpUpdates > 0, "the run must learn for this test to mean anything");
        for (int s = 0; s < 3; s++)
        {
            var a = first.Stages[s].Layer.Weights.Oihw.ToArray().Select(BitConverter.SingleToInt32Bits);
            var b = second.Stages[s].Layer.Weights.Oihw.ToArray().Select(BitConverter.SingleToInt32Bits);
            Assert.Equal(a, b);
        }

        var (_, otherSeed) = Run(spec with { Seed = 8 }, EncoderEngine.EventDriven, true, events);
        Assert.NotEqual(first.Stages[1].Layer.Weights.Oihw.ToArray(), otherSeed.Stages[1].Layer.Weights.Oihw.ToArray());
    }
}
