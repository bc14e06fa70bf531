using System.Net;
using System.Net.Sockets;

namespace SpikeSeg.Tests.Streaming.Live;

/// <summary>A one-connection TCP server on 127.0.0.1 that runs a send routine for the first client, then closes.</summary>
internal sealed class LoopbackTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;

    private LoopbackTcpServer(Func<Stream, Task> send)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Serving = ServeAsync(send);
    }

    public int Port { get; }

    /// <summary>Ends once the routine has finished and the connection is closed.</summary>
    public Task Serving { get; }

    public static LoopbackTcpServer Serve(Func<Stream, Task> send) => new(send);

    public static LoopbackTcpServer ServeBytes(byte[] bytes) => new(s => s.WriteAsync(bytes).AsTask());

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await Serving.ConfigureAwait(false);
        _listener.Dispose();
    }

    private async Task ServeAsync(Func<Stream, Task> send)
    {
        try
        {
            using var client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
            await using var stream = client.GetStream();
            await send(stream).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The client may hang up first (it gave up on garbage): not the server's concern.
        }
    }
}
