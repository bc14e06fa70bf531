using System.Runtime.InteropServices;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Encoding;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Engine;

/// <summary>
/// The engine places the binner's (row, column, channel)-ordered cells into canonical order itself. Whatever it
/// hands conv1 must be exactly the step's cells: an engine fed through <see cref="SpikeSegEngine.OnStep"/> must
/// match one fed the same cells, as listed, through <see cref="SpikeSegEngine.RunStep"/> (where the layer sorts).
/// </summary>
public sealed class EngineStepInputTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 5)]
    [InlineData(2, 9)]
    public void OnStepGivesConv1ExactlyTheStepsCells(int polarityChannels, int seed)
    {
        var spec = EngineEquivalenceTests.SmallSpec(14, 10, LeakMode.Subtractive, 0.02f, 0.1f, 3, (ulong)seed);
        spec = spec with { Input = spec.Input with { PolarityChannels = polarityChannels } };
        var options = new EngineOptions { Sensor = spec.DefaultSensor, Engine = EncoderEngine.EventDriven, Learn = false, Continuous = true };
        var viaOnStep = new SpikeSegEngine(spec, options, _ => { });
        var viaRunStep = new SpikeSegEngine(spec, options, _ => { });
        var sink = new BothEngines(viaOnStep, viaRunStep);
        var binner = new StepBinner(StepBinnerOptions.FromInput(spec.Input, spec.DefaultSensor, 0));
        var r = new Random(seed);
        var packet = new EventPacket();
        long t = 0;
        for (int i = 0; i < 3000; i++)
        {
            t += r.Next(0, 40);
            packet.Add(t, r.Next(14), r.Next(10), (byte)r.Next(2));
        }

        binner.Add(packet, sink);
        binner.Flush(sink);
        Assert.True(sink.Steps > 10, $"only {sink.Steps} steps");
        Assert.Equal(polarityChannels == 2, sink.MultiChannelSteps > 0);
        Assert.True(viaOnStep.Statistics.Conv1Spikes > 0, "conv1 must spike for the comparison to mean anything");
        Assert.Equal(viaRunStep.Statistics.Conv1Spikes, viaOnStep.Statistics.Conv1Spikes);
        Assert.Equal(viaRunStep.Statistics.Conv3Spikes, viaOnStep.Statistics.Conv3Spikes);
    }

    private sealed class BothEngines(SpikeSegEngine viaOnStep, SpikeSegEngine viaRunStep) : IStepSink
    {
        private readonly List<InputCell> _cells = [];

        public int Steps { get; private set; }

        public int MultiChannelSteps { get; private set; }

        public void OnStep(SparseStep step)
        {
            viaOnStep.OnStep(step);
            _cells.Clear();
            for (int i = 0; i < step.Count; i++)
            {
                _cells.Add(new InputCell(step.Channel[i], step.Y[i], step.X[i], step.Value[i]));
            }

            viaRunStep.RunStep(step.StepIndex, step.StartUs, step.EndUs, (int)step.EventCount, CollectionsMarshal.AsSpan(_cells));
            Steps++;
            MultiChannelSteps += _cells.Exists(c => c.Channel == 1) ? 1 : 0;
            Assert.Equal(viaRunStep.Conv1.Spikes.ToArray(), viaOnStep.Conv1.Spikes.ToArray());
            var a = new float[viaOnStep.Conv1.Layer.Geometry.OutputLength];
            var b = new float[a.Length];
            viaOnStep.Conv1.Layer.CopyMembraneTo(a);
            viaRunStep.Conv1.Layer.CopyMembraneTo(b);
            Assert.Equal(b, a);
        }

        public void OnEmptySteps(long firstStepIndex, long stepCount, long firstStartUs)
        {
            viaOnStep.OnEmptySteps(firstStepIndex, stepCount, firstStartUs);
            viaRunStep.OnEmptySteps(firstStepIndex, stepCount, firstStartUs);
        }
    }
}
