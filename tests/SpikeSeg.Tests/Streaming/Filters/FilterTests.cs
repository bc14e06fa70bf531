using SpikeSeg.Core;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Filters;

namespace SpikeSeg.Tests.Streaming.Filters;

public sealed class FilterTests
{
    private static readonly SensorGeometry Small = new(9, 7);

    [Fact]
    public void Region_of_interest_keeps_the_rectangle_and_optionally_rebases()
    {
        FilterTestStreams.MatchesOracle(
            () => new RegionOfInterestFilter(2, 1, 4, 3, rebase: false),
            events => events.Where(e => e.X is >= 2 and < 6 && e.Y is >= 1 and < 4).ToList(),
            Small);
        FilterTestStreams.MatchesOracle(
            () => new RegionOfInterestFilter(2, 1, 4, 3, rebase: true),
            events => events.Where(e => e.X is >= 2 and < 6 && e.Y is >= 1 and < 4).Select(e => e with { X = e.X - 2, Y = e.Y - 1 }).ToList(),
            Small);
        Assert.Equal(new SensorGeometry(4, 3), new RegionOfInterestFilter(2, 1, 4, 3, true).OutputGeometry(Small));
        Assert.Throws<InvalidInputException>(() => new RegionOfInterestFilter(0, 0, 0, 3, false));
        Assert.Throws<InvalidInputException>(() => new RegionOfInterestFilter(-1, 0, 2, 3, false));
    }

    [Fact]
    public void Polarity_filter_keeps_one_polarity()
    {
        FilterTestStreams.MatchesOracle(() => new PolarityFilter(Polarity.On), events => events.Where(e => e.P == 1).ToList(), Small);
        FilterTestStreams.MatchesOracle(() => new PolarityFilter(Polarity.Off), events => events.Where(e => e.P == 0).ToList(), Small);
    }

    [Fact]
    public void Resize_follows_the_reference_formula_with_half_to_even()
    {
        // 5 → 3: x·2/4 = x/2, so 0.5 → 0 and 1.5 → 2 (half to even), not 1 and 2.
        Assert.Equal([0, 0, 1, 2, 2], Enumerable.Range(0, 5).Select(x => ResizeFilter.Scale(x, 5, 3)));
        // 240 → 32: the ends map to the ends.
        Assert.Equal(0, ResizeFilter.Scale(0, 240, 32));
        Assert.Equal(31, ResizeFilter.Scale(239, 240, 32));
        // 180 → 32: 90·31/179 = 15.586… → 16.
        Assert.Equal(16, ResizeFilter.Scale(90, 180, 32));
        // A one-pixel source divides by max(0, 1) = 1; past-the-edge input clips.
        Assert.Equal(0, ResizeFilter.Scale(0, 1, 8));
        Assert.Equal(7, ResizeFilter.Scale(3, 1, 8));
        Assert.Equal(7, ResizeFilter.Scale(500, 240, 8));

        var target = new SensorGeometry(4, 3);
        var filter = new ResizeFilter(Small, target);
        FilterTestStreams.MatchesOracle(
            () => new ResizeFilter(Small, target),
            events => events.Select(e => e with { X = ResizeFilter.Scale(e.X, 9, 4), Y = ResizeFilter.Scale(e.Y, 7, 3) }).ToList(),
            Small);
        Assert.Equal(0, filter.Removed);
    }

    [Fact]
    public void Refractory_keeps_one_event_per_pixel_per_period()
    {
        const long Period = 700;
        FilterTestStreams.MatchesOracle(
            () => new RefractoryFilter(Small, Period),
            events =>
            {
                var lastKept = new Dictionary<(int, int), long>();
                var kept = new List<Ev>();
                foreach (var e in events)
                {
                    if (!Small.Contains(e.X, e.Y))
                    {
                        continue;
                    }

                    if (!lastKept.TryGetValue((e.X, e.Y), out long last) || e.T - last >= Period)
                    {
                        lastKept[(e.X, e.Y)] = e.T;
                        kept.Add(e);
                    }
                }

                return kept;
            },
            Small);
    }

    [Fact]
    public void Refractory_period_is_not_extended_by_suppressed_events()
    {
        var f = new RefractoryFilter(Small, 100);
        var packet = new EventPacket();
        foreach (long t in new long[] { 0, 50, 99, 100, 150, 199, 200 })
        {
            packet.Add(t, 3, 3, Polarity.On);
        }

        f.Apply(packet);
        Assert.Equal([0L, 100, 200], packet.TimestampUs.ToArray());
        Assert.Equal(4, f.Removed);
    }

    [Fact]
    public void Background_activity_keeps_events_with_a_recent_neighbour()
    {
        const long Window = 500;
        FilterTestStreams.MatchesOracle(
            () => new BackgroundActivityFilter(Small, Window),
            events =>
            {
                var last = new Dictionary<(int, int), long>();
                var kept = new List<Ev>();
                foreach (var e in events)
                {
                    if (!Small.Contains(e.X, e.Y))
                    {
                        continue;
                    }

                    bool supported = false;
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            if ((dx != 0 || dy != 0) && last.TryGetValue((e.X + dx, e.Y + dy), out long tn) && e.T - tn <= Window && e.T >= tn)
                            {
                                supported = true;
                            }
                        }
                    }

                    last[(e.X, e.Y)] = e.T;
                    if (supported)
                    {
                        kept.Add(e);
                    }
                }

                return kept;
            },
            Small,
            maxGapUs: 100);
    }

    [Fact]
    public void Refractory_removes_events_that_go_back_in_time_at_a_pixel()
    {
        var f = new RefractoryFilter(Small, 100);
        var packet = new EventPacket();
        packet.Add(1000, 2, 2, Polarity.On);
        packet.Add(500, 2, 2, Polarity.On);  // earlier than the kept event at this pixel
        packet.Add(600, 3, 2, Polarity.On);  // another pixel: unaffected
        f.Apply(packet);
        Assert.Equal([1000L, 600], packet.TimestampUs.ToArray());
    }

    [Fact]
    public void Bad_settings_are_refused_naming_the_filter_and_setting()
    {
        static void Refused(Action create, string expected)
        {
            var e = Assert.Throws<InvalidInputException>(create);
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        }

        Refused(() => _ = new RefractoryFilter(Small, 0), "filter 'refractory' setting 'period'");
        Refused(() => _ = new BackgroundActivityFilter(Small, -1), "filter 'background-activity' setting 'window'");
        Refused(() => _ = new BackgroundActivityFilter(new SensorGeometry(0, 5), 10), "setting 'sensor'");
        Refused(() => _ = new HotPixelFilter(Small, rateFactor: double.NaN), "setting 'rate factor'");
        Refused(() => _ = new HotPixelFilter(Small, minActiveSlices: 11), "setting 'min active slices'");
        Refused(() => _ = new HotPixelFilter(Small, learnWindowUs: 5), "setting 'learn window'");
        Refused(() => _ = new ResizeFilter(Small, new SensorGeometry(0, 3)), "filter 'resize' setting 'target'");
        Refused(() => _ = new RegionOfInterestFilter(65_000, 0, 1000, 10, false), "reaches past coordinate 65535");
    }

    [Fact]
    public void Background_activity_does_not_let_a_pixel_support_itself()
    {
        var f = new BackgroundActivityFilter(Small, 1000);
        var packet = new EventPacket();
        packet.Add(0, 4, 4, Polarity.On);
        packet.Add(10, 4, 4, Polarity.On);   // same pixel only: removed
        packet.Add(20, 5, 5, Polarity.On);   // diagonal neighbour 10 µs ago: kept
        packet.Add(2000, 0, 0, Polarity.On); // corner, nobody near: removed
        packet.Add(2600, 1, 0, Polarity.On); // neighbour 600 µs ago: kept
        packet.Add(4000, 2, 0, Polarity.On); // neighbour 1400 µs ago: removed
        f.Apply(packet);
        Assert.Equal([20L, 2600], packet.TimestampUs.ToArray());
        Assert.Equal(4, f.Removed);
    }

    [Fact]
    public void Chain_applies_filters_in_order_and_sums_removals()
    {
        var roi = new RegionOfInterestFilter(0, 0, 6, 6, rebase: false);
        var polarity = new PolarityFilter(Polarity.On);
        var chain = new FilterChain(roi, polarity);
        var events = FilterTestStreams.Random(9, Small, 2000);
        var output = FilterTestStreams.Run(chain, events, 9);
        Assert.Equal(events.Where(e => e.X < 6 && e.Y < 6 && e.P == 1), output);
        Assert.Equal(events.Count - output.Count, chain.Removed);
        Assert.Equal(roi.Removed + polarity.Removed, chain.Removed);
        Assert.True(roi.Removed > 0 && polarity.Removed > 0);
    }

    [Fact]
    public void Filters_allocate_nothing_per_packet()
    {
        var sensor = new SensorGeometry(64, 48);
        var chain = new FilterChain(
            new RegionOfInterestFilter(0, 0, 60, 48, rebase: true),
            new HotPixelFilter(new SensorGeometry(60, 48), learnWindowUs: 10_000),
            new RefractoryFilter(new SensorGeometry(60, 48), 50),
            new BackgroundActivityFilter(new SensorGeometry(60, 48), 2000),
            new ResizeFilter(new SensorGeometry(60, 48), new SensorGeometry(32, 32)),
            new PolarityFilter(Polarity.On));
        var events = FilterTestStreams.Random(3, sensor, 40_000, maxGapUs: 5, outOfRange: false);
        var packet = new EventPacket(1000);

        void RunPackets(int from, int to)
        {
            for (int start = from; start < to; start += 1000)
            {
                packet.Clear();
                for (int i = start; i < start + 1000; i++)
                {
                    packet.Add(events[i].T, events[i].X, events[i].Y, events[i].P);
                }

                chain.Apply(packet);
            }
        }

        RunPackets(0, 20_000); // past the hot-pixel learning window
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunPackets(20_000, 40_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(chain.Removed > 0);
    }
}
