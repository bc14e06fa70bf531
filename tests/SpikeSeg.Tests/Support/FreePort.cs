using System.Net;
using System.Net.Sockets;

namespace SpikeSeg.Tests.Support;

/// <summary>Free TCP ports on 127.0.0.1 for servers the tests start.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A port p such that p and p + 20000 (RabbitMQ's distribution port) are both free.</summary>
    public static int NextWithDistribution()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int p = Random.Shared.Next(20000, 40000);
            if (IsFree(p) && IsFree(p + 20000))
            {
                return p;
            }
        }

        throw new InvalidOperationException("No free port pair found.");
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Nothing listens on 127.0.0.1:{port} after {timeout}.");
    }
}
