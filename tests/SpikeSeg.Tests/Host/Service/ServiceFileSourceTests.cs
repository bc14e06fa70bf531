using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Checkpoints;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Formats.Writers;
using SpikeSeg.Streaming.Synthetic;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Service;

/// <summary>A file source plays to its end: the stream completes (still ready), its final checkpoint and frames are written.</summary>
public sealed class ServiceFileSourceTests : IDisposable
{
    private readonly TempFolder _folder = new("spikeseg-file-");

    [Fact]
    public async Task A_finite_recording_completes_with_every_event_accounted_and_a_final_checkpoint()
    {
        Directory.CreateDirectory(_folder.Path);
        string recording = Path.Combine(_folder.Path, "sky.evt3");
        long written = 0;
        using (var writer = EventWriters.Create(File.Create(recording), EventFormat.Evt3, SensorGeometry.Davis240C))
        {
            foreach (var chunk in SkySceneGenerator.Generate(SkyScenes.Create(SkyScenes.Sda, 3, 11)))
            {
                writer.Write(chunk.Events);
                written += chunk.Events.Count;
            }
        }

        int port = FreePort.Next();
        var config = ServiceConfigs.Synthetic(_folder.Path, port, 60);
        ServiceConfigs.Stream(config, "cam0")["Source"] = new Dictionary<string, object?> { ["Type"] = "File", ["Path"] = recording, ["Pacing"] = "Max" };
        ServiceConfigs.Stream(config, "cam0")["AllSteps"] = true;
        await using var service = ServiceProcess.Start(_folder.Path, config, port);
        await service.WaitReadyAsync(TimeSpan.FromSeconds(90));
        var status = await service.WaitStatusAsync(s => s.GetProperty("streams")[0].GetProperty("state").GetString() == "Completed", TimeSpan.FromSeconds(120));
        var stream = status.GetProperty("streams")[0];
        Assert.True(status.GetProperty("ready").GetBoolean());
        Assert.Equal(written, stream.GetProperty("eventsRead").GetInt64());
        Assert.Equal(written, stream.GetProperty("eventsProcessed").GetInt64() + stream.GetProperty("eventsDropped").GetInt64());
        Assert.Equal(stream.GetProperty("stepsIn").GetInt64(), stream.GetProperty("steps").GetInt64() + stream.GetProperty("stepsSkipped").GetInt64());
        Assert.Equal(1, stream.GetProperty("checkpointsWritten").GetInt64());
        var model = CheckpointReader.Read(stream.GetProperty("lastCheckpoint").GetString()!);
        Assert.Equal(stream.GetProperty("steps").GetInt64(), model.Progress.Step);
        Assert.Equal(stream.GetProperty("steps").GetInt64(), File.ReadLines(Path.Combine(_folder.Path, "frames", "cam0.jsonl")).Count());

        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task A_stream_with_filters_counts_what_they_removed_and_every_event_read_is_accounted()
    {
        Directory.CreateDirectory(_folder.Path);
        string recording = Path.Combine(_folder.Path, "sky.evt3");
        long written = 0, off = 0;
        using (var writer = EventWriters.Create(File.Create(recording), EventFormat.Evt3, SensorGeometry.Davis240C))
        {
            foreach (var chunk in SkySceneGenerator.Generate(SkyScenes.Create(SkyScenes.Sda, 2, 12)))
            {
                writer.Write(chunk.Events);
                written += chunk.Events.Count;
                for (int i = 0; i < chunk.Events.Count; i++)
                {
                    off += chunk.Events.Polarity[i] == 0 ? 1 : 0;
                }
            }
        }

        int port = FreePort.Next();
        var config = ServiceConfigs.Synthetic(_folder.Path, port, 60);
        ServiceConfigs.Stream(config, "cam0")["Source"] = new Dictionary<string, object?> { ["Type"] = "File", ["Path"] = recording, ["Pacing"] = "Max" };
        ServiceConfigs.Stream(config, "cam0")["Filters"] = new[] { "polarity:on" };
        await using var service = ServiceProcess.Start(_folder.Path, config, port);
        await service.WaitReadyAsync(TimeSpan.FromSeconds(90));
        var status = await service.WaitStatusAsync(s => s.GetProperty("streams")[0].GetProperty("state").GetString() == "Completed", TimeSpan.FromSeconds(120));
        var stream = status.GetProperty("streams")[0];
        Assert.True(off > 0);
        Assert.Equal(written, stream.GetProperty("eventsRead").GetInt64());
        Assert.Equal(off, stream.GetProperty("eventsFiltered").GetInt64());
        Assert.Equal(written - off, stream.GetProperty("eventsProcessed").GetInt64() + stream.GetProperty("eventsDropped").GetInt64());
        string metrics = await service.Http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        Assert.Contains($"spikeseg_events_filtered_total{{filter=\"polarity\",stream=\"cam0\"}} {off}", metrics, StringComparison.Ordinal);

        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    public void Dispose() => _folder.Dispose();
}
