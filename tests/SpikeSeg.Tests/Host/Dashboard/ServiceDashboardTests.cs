using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SpikeSeg.Tests.Host.Service;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Dashboard;

/// <summary>The dashboard on <c>spikeseg run</c>'s own HTTP server: page, pushed frames of a configured stream, origin check, /status.</summary>
public sealed class ServiceDashboardTests : IDisposable
{
    private readonly TempFolder _folder = new("spikeseg-dash-");

    [Fact]
    public async Task Run_serves_the_page_pushes_frames_of_its_stream_and_refuses_a_foreign_origin()
    {
        int port = FreePort.Next();
        await using var service = ServiceProcess.Start(_folder.Path, ServiceConfigs.Synthetic(_folder.Path, port, 5, "cam0"), port);
        await service.WaitReadyAsync(TimeSpan.FromSeconds(90));

        using var page = await service.Http.GetAsync("dashboard");
        page.EnsureSuccessStatusCode();
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", $"http://127.0.0.1:{port}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/dashboard/ws"), timeout.Token);
        var hello = await ReceiveAsync(socket, timeout.Token);
        Assert.Equal("hello", hello.GetProperty("type").GetString());
        Assert.Equal(1, hello.GetProperty("v").GetInt32());
        JsonElement frame;
        do
        {
            frame = await ReceiveAsync(socket, timeout.Token);
        }
        while (frame.GetProperty("type").GetString() != "frame");

        Assert.Equal("cam0", frame.GetProperty("stream").GetString());
        Assert.True(frame.GetProperty("counters").GetProperty("steps").GetInt64() > 0);
        Assert.True(frame.GetProperty("lastStep").GetInt64() >= frame.GetProperty("firstStep").GetInt64());

        using var foreign = new ClientWebSocket();
        foreign.Options.SetRequestHeader("Origin", "http://example.org");
        await Assert.ThrowsAnyAsync<WebSocketException>(() => foreign.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/dashboard/ws"), timeout.Token));

        var status = await service.StatusAsync();
        Assert.True(status.GetProperty("dashboard").GetProperty("clients").GetInt32() >= 1);
        Assert.True(status.GetProperty("dashboard").GetProperty("framesSealed").GetInt64() > 0);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, ct);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone();
    }
}
