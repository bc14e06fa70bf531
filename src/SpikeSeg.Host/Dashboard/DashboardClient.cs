using System.Net.WebSockets;
using System.Threading.Channels;

namespace SpikeSeg.Host.Dashboard;

/// <summary>
/// One browser. The publisher offers messages into per-kind, per-stream slots that hold only the newest message:
/// offering into a slot the socket has not drained yet replaces the old message and counts it as dropped, so a
/// browser that reads slowly — or never — costs one message of memory and never holds up the publisher.
/// </summary>
internal sealed class DashboardClient(WebSocket socket, Action onSlowDrop)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(MessageKind Kind, string Stream), byte[]> _pending = [];
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _sent, _dropped;

    public enum MessageKind
    {
        Frame,
        Learning,
    }

    public long Sent => Interlocked.Read(ref _sent);

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Offer(MessageKind kind, string stream, byte[] message)
    {
        bool replaced;
        lock (_gate)
        {
            replaced = _pending.Remove((kind, stream));
            _pending[(kind, stream)] = message;
        }

        if (replaced)
        {
            Interlocked.Increment(ref _dropped);
            onSlowDrop();
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Sends the first message, then whatever is pending whenever woken, until cancelled or the socket fails.</summary>
    public async Task SendLoopAsync(byte[] hello, CancellationToken ct)
    {
        await SendAsync(hello, ct).ConfigureAwait(false);
        while (await _wake.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            while (TakeNext() is { } message)
            {
                await SendAsync(message, ct).ConfigureAwait(false);
            }
        }
    }

    private byte[]? TakeNext()
    {
        lock (_gate)
        {
            foreach (var (key, message) in _pending)
            {
                _pending.Remove(key);
                return message;
            }
        }

        return null;
    }

    private async Task SendAsync(byte[] message, CancellationToken ct)
    {
        await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
        Interlocked.Increment(ref _sent);
        DashboardTelemetry.UpdatesSent.Add(1);
    }
}
