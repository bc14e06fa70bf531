using System.Security.Cryptography;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Tests.Streaming.Synthetic;

public sealed class SkySceneGeneratorTests
{
    [Fact]
    public void Same_seed_gives_byte_identical_packets_ids_and_labels()
    {
        var options = SkyScenes.Create(SkyScenes.Sda, seconds: 1.5, seed: 42, SensorGeometry.Atis, objectCount: 4);
        byte[] first = Digest(options);
        byte[] second = Digest(options);
        byte[] otherSeed = Digest(options with { Seed = 43 });
        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void Events_are_time_ordered_and_inside_the_sensor()
    {
        foreach (var options in new[]
        {
            SkyScenes.Create(SkyScenes.Sda, 2, 7, SensorGeometry.Davis240C, 5),
            SkyScenes.Create(SkyScenes.SdaDavis, 0.1, 7),
        })
        {
            var r = SceneRecording.Of(options);
            Assert.NotEmpty(r.T);
            for (int i = 1; i < r.T.Count; i++)
            {
                Assert.True(r.T[i] >= r.T[i - 1], $"event {i} goes back in time");
            }

            for (int i = 0; i < r.T.Count; i++)
            {
                Assert.True(options.Sensor.Contains(r.X[i], r.Y[i]));
                Assert.True(r.P[i] <= 1);
                Assert.True(r.Id[i] >= -1);
            }

            Assert.InRange(r.T[^1], 0, options.DurationUs - 1);
        }
    }

    [Theory]
    [InlineData(SkyScenes.ReferenceBench, 3.0, 50_000.0)]
    [InlineData(SkyScenes.SdaDavis, 0.3, 1_000_000.0)]
    [InlineData(SkyScenes.SdaGen4, 0.05, 10_000_000.0)]
    public void Named_scenes_run_near_their_target_rate(string scene, double seconds, double targetHz)
    {
        var options = SkyScenes.Create(scene, seconds, seed: 3);
        Assert.Equal(targetHz, options.ExpectedEventRateHz, 1e-6 * targetHz);
        long count = 0;
        foreach (var chunk in SkySceneGenerator.Generate(options))
        {
            count += chunk.Events.Count;
        }

        // Poisson scatter is far below 1 % at these counts; the slack covers object events that fall off
        // the array while an object enters or leaves (objects carry 20–60 % of the rate).
        double measuredHz = count / seconds;
        Assert.InRange(measuredHz, 0.92 * targetHz, 1.03 * targetHz);
    }

    [Fact]
    public void Reference_bench_is_sixty_percent_object_events()
    {
        var r = SceneRecording.Of(SkyScenes.Create(SkyScenes.ReferenceBench, 2, 11));
        double objectShare = r.Id.Count(id => id >= 0) / (double)r.Id.Count;
        Assert.InRange(objectShare, 0.55, 0.62);
        Assert.Equal(4, r.Labels.Where(l => l.TimestampUs == 0).Select(l => l.ObjectId).Distinct().Count());
    }

    [Fact]
    public void Label_centroids_match_the_mean_position_of_each_objects_events()
    {
        CheckLabelsAgainstEvents(SkyScenes.Create(SkyScenes.ReferenceBench, 3, 5));
        CheckLabelsAgainstEvents(SkyScenes.Create(SkyScenes.Sda, 6, 9, SensorGeometry.Atis, 5));
    }

    [Fact]
    public void Star_field_emits_per_crossing_bursts_at_the_expected_rate()
    {
        var options = new SkySceneOptions
        {
            Sensor = new SensorGeometry(64, 48),
            DurationUs = 4_000_000,
            Seed = 5,
            ObjectCount = 0,
            StarCount = 20,
            StarDriftXPxPerS = 3,
            StarDriftYPxPerS = 0,
            StarEventsPerCrossing = 2,
            HotPixelCount = 0,
            NoiseRatePerPixelHz = 0,
        };
        var r = SceneRecording.Of(options);

        // 20 stars × 3 crossings/s × 4 s = 240 crossings (±1 per star at the ends) × 2 polarities × mean 2.
        double expected = 2 * 2 * 20 * 3 * 4.0;
        Assert.InRange(r.T.Count, expected - (5 * Math.Sqrt(expected)) - 80, expected + (5 * Math.Sqrt(expected)) + 80);
        Assert.All(r.Id, id => Assert.Equal(-1, id));

        // Drift along x only: a star's bursts stay on one row, so few rows are active.
        Assert.True(r.Y.Distinct().Count() <= 20);
        Assert.Equal(r.P.Count(p => p == 1), r.P.Count(p => p == 0), (double)r.T.Count / 4);
    }

    [Fact]
    public void Long_scene_runs_in_constant_memory()
    {
        var options = SkyScenes.Create(SkyScenes.Sda, 120, 1, SensorGeometry.Davis240C, 3);
        double perChunk = options.ExpectedEventRateHz * options.ChunkDurationUs * 1e-6;
        int maxCapacity = 0;
        long chunks = 0;
        foreach (var chunk in SkySceneGenerator.Generate(options))
        {
            maxCapacity = Math.Max(maxCapacity, chunk.Events.Capacity);
            chunks++;
        }

        Assert.Equal(12_000, chunks);
        Assert.True(maxCapacity <= Math.Max(4096, 8 * perChunk), $"chunk capacity grew to {maxCapacity}");
    }

    [Fact]
    public void Bad_settings_are_refused_with_the_setting_named()
    {
        var e1 = Assert.Throws<InvalidInputException>(() => SkyScenes.Create(SkyScenes.Sda, 1, 1, objectCount: 9));
        Assert.Contains("objects", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<InvalidInputException>(() => SkyScenes.Create("galaxy", 1, 1));
        Assert.Contains("galaxy", e2.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => SkyScenes.Create(SkyScenes.Sda, double.NaN, 1));
        Assert.Throws<InvalidInputException>(() => SkyScenes.Create(SkyScenes.Sda, -1, 1));
        Assert.Throws<InvalidInputException>(() => SensorPresets.Parse("vga"));
        Assert.Equal(SensorGeometry.Gen4, SensorPresets.Parse("Gen4"));
        Assert.Equal(SensorGeometry.Atis, SensorPresets.Parse("atis"));
        var e3 = Assert.Throws<InvalidInputException>(() => new SkySceneGenerator(new SkySceneOptions { NoiseRatePerPixelHz = 1e12 }));
        Assert.Contains("chunk", e3.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every label (t, id, x, y) is compared with the mean position of id's events in [t − P/2, t + P/2).
    /// Per event and axis the position differs from the true one by the ±edge offset (ON ahead, OFF behind,
    /// random polarity), Gaussian jitter σ, rounding to a pixel (variance 1/12) and the motion within the slice
    /// (uniform over ±speed·P/2, variance (speed·P)²/12); these are independent with mean zero, so the mean of
    /// n events has standard error s/√n with s² the sum. The test allows 5 standard errors (a false alarm per
    /// slice of ≈ 6e-7) plus 0.05 px for the curvature of turning tracks within 10 ms. Labels within 6 px of a
    /// border are skipped because the array clips part of the object there.
    /// </summary>
    private static void CheckLabelsAgainstEvents(SkySceneOptions options)
    {
        var r = SceneRecording.Of(options);
        var byObject = new Dictionary<int, List<int>>();
        for (int i = 0; i < r.Id.Count; i++)
        {
            if (r.Id[i] >= 0)
            {
                if (!byObject.TryGetValue(r.Id[i], out var list))
                {
                    byObject[r.Id[i]] = list = [];
                }

                list.Add(i);
            }
        }

        Assert.All(byObject.Keys, id => Assert.Contains(r.Labels, l => l.ObjectId == id));

        long half = options.LabelPeriodUs / 2;
        double motion = options.ObjectSpeedMaxPxPerS * options.LabelPeriodUs * 1e-6;
        double perEventVariance = (options.ObjectEdgeOffsetPx * options.ObjectEdgeOffsetPx)
            + (options.ObjectJitterMaxPx * options.ObjectJitterMaxPx) + (1.0 / 12) + (motion * motion / 12);
        int checkedLabels = 0;
        double sumDx = 0, sumDy = 0, sumVariance = 0;
        foreach (var label in r.Labels)
        {
            if (label.X < 6 || label.Y < 6 || label.X > options.Sensor.Width - 7 || label.Y > options.Sensor.Height - 7)
            {
                continue;
            }

            var events = byObject[label.ObjectId];
            double sx = 0, sy = 0;
            int n = 0;
            foreach (int i in events)
            {
                if (r.T[i] >= label.TimestampUs - half && r.T[i] < label.TimestampUs + half)
                {
                    sx += r.X[i];
                    sy += r.Y[i];
                    n++;
                }
            }

            if (n < 10)
            {
                continue;
            }

            double tolerance = (5 * Math.Sqrt(perEventVariance / n)) + 0.05;
            Assert.True(Math.Abs((sx / n) - label.X) <= tolerance, $"object {label.ObjectId} at {label.TimestampUs} µs: event mean x {sx / n:0.00} vs label {label.X:0.00} (±{tolerance:0.00}, n={n})");
            Assert.True(Math.Abs((sy / n) - label.Y) <= tolerance, $"object {label.ObjectId} at {label.TimestampUs} µs: event mean y {sy / n:0.00} vs label {label.Y:0.00} (±{tolerance:0.00}, n={n})");
            checkedLabels++;
            sumDx += (sx / n) - label.X;
            sumDy += (sy / n) - label.Y;
            sumVariance += perEventVariance / n;
        }

        // Across all slices a systematic offset (a half-pixel convention slip, a lagging label) cannot hide
        // inside the per-slice tolerance: the mean residual has standard error √(Σ var)/N.
        double biasTolerance = (5 * Math.Sqrt(sumVariance) / checkedLabels) + 0.02;
        Assert.True(Math.Abs(sumDx / checkedLabels) <= biasTolerance, $"mean x residual {sumDx / checkedLabels:0.000} (±{biasTolerance:0.000})");
        Assert.True(Math.Abs(sumDy / checkedLabels) <= biasTolerance, $"mean y residual {sumDy / checkedLabels:0.000} (±{biasTolerance:0.000})");

        Assert.True(checkedLabels >= r.Labels.Count / 2, $"only {checkedLabels} of {r.Labels.Count} labels were checkable");
    }

    private static byte[] Digest(SkySceneOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in SkySceneGenerator.Generate(options))
        {
            var e = chunk.Events;
            hash.AppendData(BitConverter.GetBytes(e.Count));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(e.TimestampUs));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(e.X));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(e.Y));
            hash.AppendData(e.Polarity);
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(chunk.ObjectIds));
            foreach (var l in chunk.Labels)
            {
                hash.AppendData(BitConverter.GetBytes(l.TimestampUs));
                hash.AppendData(BitConverter.GetBytes(l.ObjectId));
                hash.AppendData(BitConverter.GetBytes(l.X));
                hash.AppendData(BitConverter.GetBytes(l.Y));
            }
        }

        return hash.GetHashAndReset();
    }
}
