using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Output;
using SpikeSeg.Core.Segmentation;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Streaming.Running;

namespace SpikeSeg.Tests.Core.Engine;

/// <summary>
/// Two satellites 12 px apart fly side by side, well inside one classification cell's ~28 px field: the segmenter
/// must report each as its own instance at its own position, not one instance between them.
/// </summary>
public sealed class SegmenterInstanceTests
{
    private const long StepUs = 10_000; // the sda preset
    private const int Steps = 40;

    private static readonly (double X, double Y)[] Starts = [(100, 90), (112, 90)];

    private static (double X, double Y) At((double X, double Y) start, int step) => (start.X + (0.3 * step), start.Y + (0.1 * step));

    private static List<SegmentationFrame> Run(InstanceOptions instances)
    {
        var run = new SegmentationRun(PresetLoader.Load("sda"), new EngineOptions { Sensor = SensorGeometry.Davis240C, Instances = instances });
        var frames = new List<SegmentationFrame>();
        run.OnFrame((frame, _) => frames.Add(frame));
        var random = new Random(3);
        for (int step = 0; step < Steps; step++)
        {
            var events = new List<(long T, int X, int Y, Polarity P)>();
            foreach (var start in Starts)
            {
                var (cx, cy) = At(start, step);
                for (int e = 0; e < 50; e++)
                {
                    // ON events lead the object along its motion, OFF events trail it, as in the synthetic skies.
                    bool on = e % 2 == 0;
                    double x = cx + (on ? 1.5 : -1.5) + (0.8 * Gaussian(random)), y = cy + (0.8 * Gaussian(random));
                    events.Add(((step * StepUs) + random.Next((int)StepUs), (int)Math.Round(x), (int)Math.Round(y), on ? Polarity.On : Polarity.Off));
                }
            }

            var packet = new EventPacket(events.Count);
            foreach (var (t, x, y, p) in events.OrderBy(e => e.T))
            {
                packet.Add(t, x, y, p);
            }

            run.Feed(packet);
        }

        run.Complete();
        return frames;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Steps (after the first 5) in which every object has an instance within 3 px.</summary>
    private static int StepsWithBothFound(List<SegmentationFrame> frames) =>
        frames.Where(f => f.Step >= 5).Count(f => Starts.All(s =>
        {
            var (x, y) = At(s, (int)f.Step);
            return f.Instances.Any(i => Math.Sqrt(Math.Pow(i.CentroidX - x, 2) + Math.Pow(i.CentroidY - y, 2)) <= 3);
        }));

    [Fact]
    public void NeighbouringObjectsBecomeSeparateInstances()
    {
        int split = StepsWithBothFound(Run(InstanceOptions.Default));
        int whole = StepsWithBothFound(Run(InstanceOptions.WholeObjects));
        Assert.True(split >= (Steps - 5) * 8 / 10, $"both objects found in {split} of {Steps - 5} steps");
        Assert.True(whole < split, $"whole objects: {whole}, split: {split}");
    }

    [Fact]
    public void InstanceIdsNumberEachFramesInstancesFromZero()
    {
        foreach (var frame in Run(InstanceOptions.Default))
        {
            Assert.Equal(Enumerable.Range(0, frame.Instances.Count), frame.Instances.Select(i => i.Id));
        }
    }
}
