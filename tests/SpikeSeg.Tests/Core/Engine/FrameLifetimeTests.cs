using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Encoding;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Tests.Core.Engine;

/// <summary>A refilled frame carries exactly what a new frame would, and <see cref="SegmentationFrame.Detach"/> keeps it.</summary>
public sealed class FrameLifetimeTests
{
    [Fact]
    public void ReusedFrames_CarryTheSameContentAsOwnedFrames()
    {
        var owned = Run(FrameLifetime.Owned, out var ownedObjects);
        var reused = Run(FrameLifetime.ReusedUntilNextStep, out var reusedObjects);

        Assert.Equal(owned.Count, reused.Count);
        Assert.Contains(owned, f => f.Instances.Count > 0);
        for (int i = 0; i < owned.Count; i++)
        {
            Assert.Equal((owned[i].Step, owned[i].TStartUs, owned[i].TEndUs, owned[i].Events), (reused[i].Step, reused[i].TStartUs, reused[i].TEndUs, reused[i].Events));
            Assert.Equal(owned[i].Instances, reused[i].Instances);
        }

        Assert.Equal(owned.Count, ownedObjects);
        Assert.Equal(1, reusedObjects);
    }

    /// <summary>The sda-live sky for 1.5 s with learning; frames detached as they come, and the number of distinct frame objects.</summary>
    private static List<SegmentationFrame> Run(FrameLifetime lifetime, out int distinctObjects)
    {
        var spec = PresetLoader.Load("sda-live");
        var options = new EngineOptions { StreamName = "lifetime", Sensor = SensorGeometry.Davis240C, Learn = true, FrameLifetime = lifetime };
        var frames = new List<SegmentationFrame>();
        var objects = new HashSet<SegmentationFrame>(ReferenceEqualityComparer.Instance);
        var engine = new SpikeSegEngine(spec, options, f =>
        {
            Assert.Equal(lifetime == FrameLifetime.ReusedUntilNextStep, f.IsReused);
            objects.Add(f);
            frames.Add(f.Detach());
        });
        var binner = new StepBinner(StepBinnerOptions.FromInput(spec.Input, options.Sensor, 0));
        foreach (var chunk in SkySceneGenerator.Generate(SkyScenes.Create(SkyScenes.Sda, 1.5, 5, SensorGeometry.Davis240C, 3)))
        {
            binner.Add(chunk.Events, engine);
        }

        binner.Flush(engine);
        distinctObjects = objects.Count;
        return frames;
    }
}
