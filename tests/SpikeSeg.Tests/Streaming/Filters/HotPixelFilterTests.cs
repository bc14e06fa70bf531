using SpikeSeg.Core.Events;
using SpikeSeg.Core.Randomness;
using SpikeSeg.Streaming.Filters;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Tests.Streaming.Filters;

public sealed class HotPixelFilterTests
{
    private static readonly SensorGeometry Sensor = new(32, 24);

    [Fact]
    public void Persistent_fast_pixels_are_masked_after_learning_but_a_burst_is_not()
    {
        var f = new HotPixelFilter(Sensor, learnWindowUs: 100_000, rateFactor: 10, minEvents: 20, minActiveSlices: 8);
        var r = new DeterministicRandom(1);
        var packet = new EventPacket();
        for (long t = 0; t < 200_000; t += 100)
        {
            if (t % 1000 == 0)
            {
                packet.Add(t, 5, 5, Polarity.On);   // 1 kHz throughout
            }

            if (t % 3000 == 0)
            {
                packet.Add(t, 9, 9, Polarity.Off);  // 333 Hz throughout
            }

            if (t is >= 30_000 and < 35_000)
            {
                packet.Add(t, 20, 10, Polarity.On); // a passing object: 50 events in one slice, then silence
            }

            packet.Add(t, r.NextInt(Sensor.Width), r.NextInt(Sensor.Height), Polarity.Off); // background, 10 kHz over the array
        }

        var input = packet.Clone();
        Assert.True(f.IsLearning);
        f.Apply(packet);
        Assert.False(f.IsLearning);

        // In the 100 ms window the mean count per pixel is about (100 + 34 + 50 + 1000) / 768 ≈ 1.5, so the count
        // threshold is max(20, 15) = 20: (5,5) has 100 and (9,9) 34 events, both in every slice; (20,10) has 50
        // events but all in one slice; background pixels have a handful.
        Assert.True(f.IsHot(5, 5));
        Assert.True(f.IsHot(9, 9));
        Assert.False(f.IsHot(20, 10));
        Assert.Equal(2, f.HotPixelCount);

        // Nothing is removed while learning; from the end of the window on, every event of a hot pixel is.
        long expectedRemoved = 0;
        var kept = new List<(long, int, int)>();
        for (int i = 0; i < packet.Count; i++)
        {
            kept.Add((packet.TimestampUs[i], packet.X[i], packet.Y[i]));
        }

        var expected = new List<(long, int, int)>();
        for (int i = 0; i < input.Count; i++)
        {
            bool hot = (input.X[i] == 5 && input.Y[i] == 5) || (input.X[i] == 9 && input.Y[i] == 9);
            if (hot && input.TimestampUs[i] >= 100_000)
            {
                expectedRemoved++;
            }
            else
            {
                expected.Add((input.TimestampUs[i], input.X[i], input.Y[i]));
            }
        }

        Assert.Equal(expected, kept);
        Assert.Equal(expectedRemoved, f.Removed);
        Assert.True(expectedRemoved >= 100 + 34); // plus any background event that fell on them
    }

    [Fact]
    public void On_a_synthetic_sky_it_masks_exactly_the_hot_pixels()
    {
        var options = SkyScenes.Create(SkyScenes.Sda, 4, 21, SensorGeometry.Davis240C, 5) with { HotPixelCount = 12, HotPixelRateHz = 150 };
        var f = new HotPixelFilter(options.Sensor);
        var perPixel = new Dictionary<(int, int), int>();
        foreach (var chunk in SkySceneGenerator.Generate(options))
        {
            var copy = chunk.Events.Clone();
            for (int i = 0; i < copy.Count; i++)
            {
                perPixel[(copy.X[i], copy.Y[i])] = perPixel.GetValueOrDefault((copy.X[i], copy.Y[i])) + 1;
            }

            f.Apply(copy);
        }

        // The scene's hot pixels fire 150 Hz; object pixels see a brief burst and star pixels a few events per
        // crossing, far fewer over 4 s: the 12 busiest pixels are the hot ones, and only they are masked.
        var busiest = perPixel.OrderByDescending(kv => kv.Value).Take(13).ToList();
        Assert.True(busiest[11].Value > 3 * busiest[12].Value, "the scene's hot pixels should stand out");
        Assert.Equal(12, f.HotPixelCount);
        Assert.All(busiest.Take(12), kv => Assert.True(f.IsHot(kv.Key.Item1, kv.Key.Item2)));
    }
}
