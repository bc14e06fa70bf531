using System.Globalization;
using System.Net;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats.Writers;
using SpikeSeg.Streaming.Live;
using SpikeSeg.Streaming.Synthetic;
using SpikeSeg.Tests.Streaming.Live;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Service;

/// <summary>`spikeseg run` on live cameras: events over UDP and an AEDAT 4 stream from a DV-style TCP server.</summary>
public sealed class ServiceLiveSourceTests : IDisposable
{
    private readonly TempFolder _folder = new("spikeseg-live-");

    public ServiceLiveSourceTests() => Directory.CreateDirectory(_folder.Path);

    private static List<EventPacket> Sky(double seconds) =>
        [.. SkySceneGenerator.Generate(SkyScenes.Create(SkyScenes.Sda, seconds, 5)).Select(c => c.Events.Clone())];

    [Fact]
    public async Task A_udp_camera_is_segmented_and_every_sent_event_is_read_shed_or_counted_lost()
    {
        int port = FreePort.Next();
        var config = ServiceConfigs.Synthetic(_folder.Path, port, 60);
        ServiceConfigs.Stream(config, "cam0")["Source"] = new Dictionary<string, object?>
        {
            ["Type"] = "Udp", ["Listen"] = "127.0.0.1:0", ["Width"] = 240, ["Height"] = 180, ["CompleteOnEndOfStream"] = true, ["QueueCapacity"] = 8192,
        };
        ServiceConfigs.Stream(config, "cam0")["AllSteps"] = true;
        await using var service = ServiceProcess.Start(_folder.Path, config, port);
        await service.WaitReadyAsync(TimeSpan.FromSeconds(90));

        // Port 0 lets the OS choose; the stream's source on /status says where it listens.
        string description = (await service.StatusAsync()).GetProperty("streams")[0].GetProperty("source").GetString()!;
        Assert.StartsWith("udp 127.0.0.1:", description, StringComparison.Ordinal);
        var target = IPEndPoint.Parse(description["udp ".Length..]);
        ulong sent;
        using (var sender = new UdpEventSender(target))
        {
            foreach (var packet in Sky(2))
            {
                sender.Send(packet);
            }

            sender.SendEndOfStream();
            sent = sender.EventsSent;
        }

        var status = await service.WaitStatusAsync(s => s.GetProperty("streams")[0].GetProperty("state").GetString() == "Completed", TimeSpan.FromSeconds(120));
        var stream = status.GetProperty("streams")[0];
        long read = stream.GetProperty("eventsRead").GetInt64();
        long shed = stream.GetProperty("eventsShed").GetInt64();
        long lost = stream.GetProperty("eventsLost").GetInt64();
        Assert.True(sent > 10_000, $"only {sent} events sent");
        Assert.Equal((long)sent, read + shed + lost);
        Assert.True(read > (long)sent / 2, $"{read} of {sent} events read");
        Assert.Equal(read, stream.GetProperty("eventsProcessed").GetInt64() + stream.GetProperty("eventsDropped").GetInt64());
        Assert.True(stream.GetProperty("steps").GetInt64() > 100);

        string metrics = await service.Http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"spikeseg_events_in_total{{stream=\"cam0\"}} {read}"), metrics, StringComparison.Ordinal);

        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task An_aedat4_tcp_camera_is_read_to_its_end_with_the_sensor_size_of_its_header()
    {
        var sky = Sky(2);
        long written = sky.Sum(p => (long)p.Count);
        await using var server = LoopbackTcpServer.Serve(stream =>
        {
            using var writer = new Aedat4Writer(stream, SensorGeometry.Davis240C, ownsStream: false);
            foreach (var packet in sky)
            {
                writer.Write(packet);
            }

            return Task.CompletedTask;
        });

        int port = FreePort.Next();
        var config = ServiceConfigs.Synthetic(_folder.Path, port, 60);
        ServiceConfigs.Stream(config, "cam0")["Source"] = new Dictionary<string, object?>
        {
            ["Type"] = "Aedat4Tcp", ["Host"] = "127.0.0.1", ["Port"] = server.Port, ["QueueCapacity"] = 100_000, ["Reconnect"] = false,
        };
        await using var service = ServiceProcess.Start(_folder.Path, config, port);
        await service.WaitReadyAsync(TimeSpan.FromSeconds(90));
        var status = await service.WaitStatusAsync(s => s.GetProperty("streams")[0].GetProperty("state").GetString() == "Completed", TimeSpan.FromSeconds(120));
        var stream = status.GetProperty("streams")[0];
        Assert.Equal($"aedat4 tcp 127.0.0.1:{server.Port}", stream.GetProperty("source").GetString());
        Assert.Equal(written, stream.GetProperty("eventsRead").GetInt64() + stream.GetProperty("eventsShed").GetInt64());
        Assert.Equal(0, stream.GetProperty("eventsShed").GetInt64());
        // Every event lies on the 240x180 sensor the header announced: none is dropped as out of range.
        Assert.Equal(0, stream.GetProperty("eventsDropped").GetInt64());

        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task A_restarting_aedat4_server_is_reconnected_to_and_the_stream_keeps_running()
    {
        var sky = Sky(2);
        int half = sky.Count / 2;
        List<EventPacket>[] sessions = [sky[..half], sky[half..]];
        long written = sky.Sum(p => (long)p.Count);
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int serverPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            // The camera server serves one session, goes away, and comes back with the next.
            foreach (var session in sessions)
            {
                using var client = await listener.AcceptTcpClientAsync();
                await using var stream = client.GetStream();
                using var writer = new Aedat4Writer(stream, SensorGeometry.Davis240C, ownsStream: false);
                foreach (var packet in session)
                {
                    writer.Write(packet);
                }
            }
        });

        int port = FreePort.Next();
        var config = ServiceConfigs.Synthetic(_folder.Path, port, 60);
        ServiceConfigs.Stream(config, "cam0")["Source"] = new Dictionary<string, object?>
        {
            ["Type"] = "Aedat4Tcp", ["Host"] = "127.0.0.1", ["Port"] = serverPort, ["QueueCapacity"] = 100_000,
        };
        await using var service = ServiceProcess.Start(_folder.Path, config, port);
        await service.WaitReadyAsync(TimeSpan.FromSeconds(90));
        var status = await service.WaitStatusAsync(s => s.GetProperty("streams")[0].GetProperty("eventsRead").GetInt64() >= written, TimeSpan.FromSeconds(120));
        await serving;
        var stream = status.GetProperty("streams")[0];
        Assert.Equal(written, stream.GetProperty("eventsRead").GetInt64());
        Assert.Equal("Running", stream.GetProperty("state").GetString());
        Assert.Contains(service.Output, l => l.Contains("reconnected (1 so far)", StringComparison.Ordinal));

        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    public void Dispose() => _folder.Dispose();
}
