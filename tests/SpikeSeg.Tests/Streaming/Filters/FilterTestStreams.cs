using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Randomness;
using SpikeSeg.Streaming.Filters;

namespace SpikeSeg.Tests.Streaming.Filters;

internal readonly record struct Ev(long T, int X, int Y, byte P);

/// <summary>Random event streams and a harness that feeds them to a filter in random-sized packets.</summary>
internal static class FilterTestStreams
{
    /// <summary>A dense little stream: small sensor, short gaps, some coordinates just outside the sensor.</summary>
    public static List<Ev> Random(ulong seed, SensorGeometry sensor, int count, int maxGapUs = 300, bool outOfRange = true)
    {
        var r = new DeterministicRandom(seed);
        var list = new List<Ev>(count);
        long t = r.NextInt(1000);
        int spill = outOfRange ? 2 : 0;
        for (int i = 0; i < count; i++)
        {
            t += r.NextInt(maxGapUs + 1);
            list.Add(new Ev(t, r.NextInt(sensor.Width + spill), r.NextInt(sensor.Height + spill), (byte)r.NextInt(2)));
        }

        return list;
    }

    /// <summary>Feeds <paramref name="events"/> through <paramref name="filter"/> in packets of random size, reusing one packet.</summary>
    public static List<Ev> Run(IEventFilter filter, List<Ev> events, ulong seed)
    {
        var r = new DeterministicRandom(seed ^ 0x5EED);
        var packet = new EventPacket(8);
        var output = new List<Ev>();
        int i = 0;
        while (i < events.Count)
        {
            int size = Math.Min(r.NextInt(60), events.Count - i);
            packet.Clear();
            for (int k = 0; k < size; k++, i++)
            {
                var e = events[i];
                packet.Add(e.T, e.X, e.Y, e.P);
            }

            filter.Apply(packet);
            for (int k = 0; k < packet.Count; k++)
            {
                output.Add(new Ev(packet.TimestampUs[k], packet.X[k], packet.Y[k], packet.Polarity[k]));
            }
        }

        return output;
    }

    /// <summary>Checks <paramref name="filter"/> against <paramref name="oracle"/> on 100 random streams.</summary>
    public static void MatchesOracle(Func<IEventFilter> filter, Func<List<Ev>, List<Ev>> oracle, SensorGeometry sensor, int maxGapUs = 300)
    {
        Prop.ForAll(ArbMap.Default.ArbFor<ulong>(), seed =>
        {
            var events = Random(seed, sensor, 400, maxGapUs);
            var f = filter();
            var actual = Run(f, events, seed);
            var expected = oracle(events);
            Assert.Equal(expected, actual);
            Assert.Equal(events.Count - actual.Count, f.Removed);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }
}
