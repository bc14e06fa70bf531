using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Encoding;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Tests.Core.Encoding;

public sealed class StepBinnerTests
{
    private static readonly SensorGeometry Sensor = new(24, 18);

    [Fact]
    public void RandomStreams_ConserveEvents_EmitContiguousSteps_AndMatchTheDenseCount()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var scenario = Scenario.Generate((ulong)seed);
            var sink = scenario.Run();
            CheckConservation(scenario, sink);
            CheckContiguity(scenario, sink);
            CheckSparseEqualsDense(scenario, sink);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void SplittingTheStreamIntoPackets_DoesNotChangeTheSteps()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var scenario = Scenario.Generate((ulong)seed);
            var whole = scenario.Run(packetSize: int.MaxValue);
            var pieces = scenario.Run(packetSize: 1 + (seed % 7));
            Assert.Equal(whole.Order, pieces.Order);
            Assert.Equal(whole.Steps.Count, pieces.Steps.Count);
            for (int i = 0; i < whole.Steps.Count; i++)
            {
                Assert.Equal(whole.Steps[i].Cells, pieces.Steps[i].Cells);
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public void OutOfRangeEvents_AreCountedAndDropped_NotThrown()
    {
        var binner = new StepBinner(new StepBinnerOptions(Sensor, 24, 18, 2, 10));
        var packet = new EventPacket();
        packet.Add(0, 24, 0, Polarity.On);
        packet.Add(1, 0, 18, Polarity.On);
        packet.Add(2, ushort.MaxValue, ushort.MaxValue, Polarity.Off);
        packet.Add(3, 23, 17, Polarity.Off);
        var sink = new RecordingStepSink();
        binner.Add(packet, sink);
        binner.Flush(sink);

        Assert.Equal(3, binner.DroppedOutOfRange);
        Assert.Equal(1, binner.EventsBinned);
        var step = Assert.Single(sink.Steps);
        Assert.Equal(new RecordedCell(1, 17, 23, 1, 1f), Assert.Single(step.Cells));
        Assert.Equal(3, step.StartUs);
    }

    [Fact]
    public void EventsOlderThanTheOpenStep_AreCountedAsLate()
    {
        var binner = new StepBinner(new StepBinnerOptions(Sensor, 24, 18, 1, 10));
        var sink = new RecordingStepSink();
        binner.Add(Packet((100, 1, 1), (125, 2, 2), (109, 3, 3), (120, 4, 4)), sink);
        binner.Flush(sink);

        Assert.Equal(1, binner.DroppedLate);
        Assert.Equal(3, binner.EventsBinned);
        Assert.Equal([0L, 1L, 2L], sink.Order);
        Assert.Equal(2, sink.Steps[1].Cells.Count);
    }

    [Fact]
    public void ATimestampJump_IsOneEmptyRun()
    {
        var binner = new StepBinner(new StepBinnerOptions(Sensor, 24, 18, 1, 1));
        var sink = new RecordingStepSink();
        binner.Add(Packet((0, 1, 1), (1_000_000_000_000, 2, 2)), sink);
        binner.Flush(sink);

        var run = Assert.Single(sink.EmptyRuns);
        Assert.Equal((1L, 999_999_999_999L, 1L), run);
        Assert.Equal([0L, 1_000_000_000_000L], sink.Steps.Select(s => s.Index));
        Assert.Equal(1_000_000_000_001, binner.StepsEmitted);
    }

    [Fact]
    public void TimestampsAtTheEndOfTime_DoNotOverflow()
    {
        var binner = new StepBinner(new StepBinnerOptions(Sensor, 24, 18, 1, 10));
        var sink = new RecordingStepSink();
        binner.Add(Packet((long.MaxValue - 5, 1, 1), (long.MaxValue, 2, 2)), sink);
        binner.Flush(sink);
        Assert.Equal(2, Assert.Single(sink.Steps).Cells.Count);

        var fromZero = new StepBinner(new StepBinnerOptions(Sensor, 24, 18, 1, 1, OriginUs: 0));
        fromZero.Add(Packet((5, 1, 1), (long.MaxValue, 2, 2)), new RecordingStepSink());
        Assert.Equal(1, fromZero.DroppedLate);
        Assert.Equal(1, fromZero.EventsBinned);
    }

    [Fact]
    public void AnExplicitOrigin_EmitsTheLeadingEmptySteps()
    {
        var binner = new StepBinner(new StepBinnerOptions(Sensor, 24, 18, 1, 10, OriginUs: 0));
        var sink = new RecordingStepSink();
        binner.Add(Packet((35, 1, 1)), sink);
        binner.Flush(sink);

        Assert.Equal((0L, 3L, 0L), Assert.Single(sink.EmptyRuns));
        Assert.Equal(30, Assert.Single(sink.Steps).StartUs);
    }

    [Fact]
    public void AdvanceTo_ClosesEveryStepThatEndedBeforeTheGivenTime()
    {
        var binner = new StepBinner(new StepBinnerOptions(Sensor, 24, 18, 1, 10));
        var sink = new RecordingStepSink();
        binner.Add(Packet((0, 1, 1)), sink);
        binner.AdvanceTo(9, sink);
        Assert.Empty(sink.Order);

        binner.AdvanceTo(30, sink);
        Assert.Equal([0L, 1L, 2L], sink.Order);
        Assert.Equal(3, binner.NextStepIndex);
    }

    [Fact]
    public void WithoutNormalisation_ValuesAreTheRawCounts_OtherwiseDividedByTheStepMaximum()
    {
        foreach (bool normalize in new[] { false, true })
        {
            var binner = new StepBinner(new StepBinnerOptions(Sensor, 24, 18, 2, 100, normalize));
            var sink = new RecordingStepSink();
            binner.Add(Packet((0, 5, 5), (1, 5, 5), (2, 5, 5), (3, 5, 5), (4, 6, 5)), sink);
            binner.Flush(sink);
            var cells = Assert.Single(sink.Steps).Cells;
            Assert.Equal([new RecordedCell(0, 5, 5, 4, normalize ? 1f : 4f), new RecordedCell(0, 5, 6, 1, normalize ? 0.25f : 1f)], cells);
        }
    }

    [Fact]
    public void PolarityChannels_PutOnInChannelZero_AndOffInChannelOne_OrMergeThem()
    {
        foreach (int channels in new[] { 1, 2 })
        {
            var binner = new StepBinner(new StepBinnerOptions(Sensor, 24, 18, channels, 100, Normalize: false));
            var packet = new EventPacket();
            packet.Add(0, 3, 4, Polarity.Off);
            packet.Add(1, 3, 4, Polarity.On);
            var sink = new RecordingStepSink();
            binner.Add(packet, sink);
            binner.Flush(sink);
            RecordedCell[] expected = channels == 2
                ? [new(0, 4, 3, 1, 1f), new(1, 4, 3, 1, 1f)]
                : [new(0, 4, 3, 2, 2f)];
            Assert.Equal(expected, Assert.Single(sink.Steps).Cells);
        }
    }

    [Fact]
    public void AnyNonzeroPolarityByteIsOn_OnlyZeroIsOff()
    {
        // The channel comes from the polarity byte by arithmetic, not a branch: pin every byte value, the first
        // event of a step (the call that opens it) and the rest (the per-event loop) alike.
        var binner = new StepBinner(new StepBinnerOptions(Sensor, 24, 18, 2, 1000, Normalize: false));
        var packet = new EventPacket();
        for (int b = 0; b < 256; b++)
        {
            packet.Add(b, b % 24, (b / 24) % 18, (byte)b);
        }

        packet.Add(256, 5, 17, (byte)0);
        var sink = new RecordingStepSink();
        binner.Add(packet, sink);
        binner.Flush(sink);
        var cells = Assert.Single(sink.Steps).Cells;
        Assert.Equal(257, cells.Sum(c => c.RawCount));
        Assert.Equal(2, cells.Where(c => c.Channel == 1).Sum(c => c.RawCount));
        Assert.Contains(cells, c => c.Channel == 1 && c.Y == 0 && c.X == 0);
        Assert.Contains(cells, c => c.Channel == 1 && c.Y == 17 && c.X == 5);
    }

    [Fact]
    public void AStepsCellsCopyOutInCanonicalOrder_ChannelFirst_WithTheirValues()
    {
        var binner = new StepBinner(new StepBinnerOptions(Sensor, 24, 18, 2, 1000));
        var packet = new EventPacket();
        var r = new Random(5);
        for (int i = 0; i < 300; i++)
        {
            packet.Add(i, r.Next(24), r.Next(18), r.Next(2) == 0 ? Polarity.On : Polarity.Off);
        }

        var copied = new List<SpikeSeg.Core.Network.InputCell[]>();
        var listed = new List<SpikeSeg.Core.Network.InputCell[]>();
        var sink = new CopyingSink(copied, listed);
        binner.Add(packet, sink);
        binner.Flush(sink);
        var cells = Assert.Single(copied);
        Assert.True(SpikeSeg.Core.Network.InputCells.CheckAndTestCanonical(cells, 2, 18, 24), "cells must come out in (channel, row, column) order");
        Assert.Equal(listed[0].OrderBy(c => c.Channel).ThenBy(c => c.Y).ThenBy(c => c.X), cells);
        Assert.Contains(cells, c => c.Channel == 1);
        Assert.Throws<ArgumentException>(() => sink.Last!.CopyCanonicalTo(new SpikeSeg.Core.Network.InputCell[cells.Length + 1]));
    }

    private sealed class CopyingSink(List<SpikeSeg.Core.Network.InputCell[]> copied, List<SpikeSeg.Core.Network.InputCell[]> listed) : IStepSink
    {
        public SparseStep? Last { get; private set; }

        public void OnStep(SparseStep step)
        {
            var cells = new SpikeSeg.Core.Network.InputCell[step.Count];
            step.CopyCanonicalTo(cells);
            copied.Add(cells);
            listed.Add([.. Enumerable.Range(0, step.Count).Select(i => new SpikeSeg.Core.Network.InputCell(step.Channel[i], step.Y[i], step.X[i], step.Value[i]))]);
            Last = step;
        }

        public void OnEmptySteps(long firstStepIndex, long stepCount, long firstStartUs)
        {
        }
    }

    [Fact]
    public void AfterWarmUp_BinningAllocatesNothing()
    {
        var binner = new StepBinner(new StepBinnerOptions(SensorGeometry.Davis240C, 128, 128, 2, 1000));
        var random = new DeterministicRandom(7);
        var packet = new EventPacket(20_000);
        long t = 0;
        for (int i = 0; i < 20_000; i++)
        {
            t += random.NextInt(100);
            packet.Add(t, random.NextInt(240), random.NextInt(180), (byte)random.NextInt(2));
        }

        var sink = new CountingSink();
        binner.Add(packet, sink);
        for (int i = 0; i < packet.Count; i++)
        {
            packet.TimestampUs[i] += t + 1000;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        binner.Add(packet, sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(sink.Steps > 100, "the stream must span many steps");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void InvalidOptions_AreOneLineInputErrors()
    {
        var ex = Assert.Throws<SpikeSeg.Core.InvalidInputException>(() => new StepBinner(new StepBinnerOptions(Sensor, 24, 18, 3, 10)));
        Assert.Equal("binner.polarityChannels = 3: must be 1 or 2", ex.Message);
        Assert.Throws<SpikeSeg.Core.InvalidInputException>(() => new StepBinner(new StepBinnerOptions(Sensor, 24, 18, 1, 0)));
    }

    private static EventPacket Packet(params (long T, int X, int Y)[] events)
    {
        var packet = new EventPacket();
        foreach (var (t, x, y) in events)
        {
            packet.Add(t, x, y, Polarity.On);
        }

        return packet;
    }

    private static void CheckConservation(Scenario s, RecordingStepSink sink)
    {
        int inRange = s.Events.Count(e => Sensor.Contains(e.X, e.Y));
        Assert.Equal(inRange, sink.Steps.Sum(step => step.Cells.Sum(c => c.RawCount)));
        Assert.Equal(inRange, s.Binner.EventsBinned);
        Assert.Equal(s.Events.Length - inRange, s.Binner.DroppedOutOfRange);
        Assert.All(sink.Steps, step => Assert.Equal(step.EventCount, step.Cells.Sum(c => c.RawCount)));
    }

    private static void CheckContiguity(Scenario s, RecordingStepSink sink)
    {
        Assert.Equal(Enumerable.Range(0, sink.Order.Count).Select(i => (long)i), sink.Order);
        Assert.Equal(sink.Order.Count, s.Binner.StepsEmitted);
        long origin = s.Events.First(e => Sensor.Contains(e.X, e.Y)).T;
        foreach (var step in sink.Steps)
        {
            Assert.Equal(origin + (step.Index * s.StepUs), step.StartUs);
            Assert.Equal(step.StartUs + s.StepUs, step.EndUs);
        }

        foreach (var (first, _, startUs) in sink.EmptyRuns)
        {
            Assert.Equal(origin + (first * s.StepUs), startUs);
        }
    }

    private static void CheckSparseEqualsDense(Scenario s, RecordingStepSink sink)
    {
        var resizeX = new CoordinateResize(Sensor.Width, s.Width);
        var resizeY = new CoordinateResize(Sensor.Height, s.Height);
        foreach (var step in sink.Steps)
        {
            var dense = new int[s.Channels, s.Height, s.Width];
            foreach (var e in s.Events.Where(e => Sensor.Contains(e.X, e.Y) && e.T >= step.StartUs && e.T < step.EndUs))
            {
                int c = s.Channels == 2 && e.P == 0 ? 1 : 0;
                dense[c, resizeY.Map(e.Y), resizeX.Map(e.X)]++;
            }

            int max = dense.Cast<int>().Max();
            var expected = new List<RecordedCell>();
            for (int y = 0; y < s.Height; y++)
            {
                for (int x = 0; x < s.Width; x++)
                {
                    for (int c = 0; c < s.Channels; c++)
                    {
                        if (dense[c, y, x] > 0)
                        {
                            expected.Add(new RecordedCell(c, y, x, dense[c, y, x], dense[c, y, x] / (float)max));
                        }
                    }
                }
            }

            Assert.Equal(expected, step.Cells);
            Assert.Equal(max, step.MaxCount);
        }
    }

    private sealed class CountingSink : IStepSink
    {
        public long Steps { get; private set; }

        public void OnStep(SparseStep step) => Steps++;

        public void OnEmptySteps(long firstStepIndex, long stepCount, long firstStartUs) => Steps += stepCount;
    }

    private sealed record Scenario((long T, int X, int Y, byte P)[] Events, long StepUs, int Width, int Height, int Channels)
    {
        public StepBinner Binner { get; private set; } = null!;

        public static Scenario Generate(ulong seed)
        {
            var r = new DeterministicRandom(seed);
            int n = 1 + r.NextInt(300);
            long t = r.NextInt(1_000_000);
            var events = new (long, int, int, byte)[n];
            for (int i = 0; i < n; i++)
            {
                t += r.NextInt(4) == 0 ? r.NextInt(2000) : r.NextInt(20);
                // About one event in twenty lies outside the 24×18 sensor.
                int x = r.NextInt(20) == 0 ? 24 + r.NextInt(10) : r.NextInt(24);
                int y = r.NextInt(20) == 0 ? 18 + r.NextInt(10) : r.NextInt(18);
                events[i] = (t, x, y, (byte)r.NextInt(2));
            }

            if (!events.Any(e => Sensor.Contains(e.Item2, e.Item3)))
            {
                events[0] = (events[0].Item1, 0, 0, 1);
            }

            int[] sides = [24, 18, 7, 5, 1, 32];
            return new Scenario(events, 1 + r.NextInt(500), sides[r.NextInt(sides.Length)], sides[r.NextInt(sides.Length)], 1 + r.NextInt(2));
        }

        public RecordingStepSink Run(int packetSize = 64)
        {
            Binner = new StepBinner(new StepBinnerOptions(Sensor, Width, Height, Channels, StepUs));
            var sink = new RecordingStepSink();
            var packet = new EventPacket();
            foreach (var (t, x, y, p) in Events)
            {
                packet.Add(t, x, y, p);
                if (packet.Count >= packetSize)
                {
                    Binner.Add(packet, sink);
                    packet.Clear();
                }
            }

            Binner.Add(packet, sink);
            Binner.Flush(sink);
            return sink;
        }
    }
}
