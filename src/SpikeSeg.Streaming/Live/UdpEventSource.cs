using System.Net;
using System.Net.Sockets;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Live;

/// <summary>
/// A live source of raw events over UDP (docs/udp-framing.md). One receive loop decodes each datagram into a
/// pooled packet and hands it to a <see cref="SheddingPacketQueue"/> without ever blocking, so a slow pipeline
/// costs shed packets, never kernel-side loss or memory. Everything is counted:
/// per sender <c>sent == received + lost</c> (lost from sequence gaps and event indices), and
/// <c>received == delivered + shed + queued</c>. Malformed, late and unknown-sender datagrams are counted and skipped.
/// Consume with <see cref="ReadAllAsync"/>; give packets back with <see cref="Return"/> to keep the stream allocation-free.
/// </summary>
public sealed class UdpEventSource : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly UdpSourceOptions _options;
    private readonly EventPacketPool _pool;
    private readonly SenderLossTracker _tracker;
    private readonly Lock _sync = new();
    private readonly List<(uint SenderId, ulong EventIndex, TaskCompletionSource Done)> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _datagramsReceived;
    private long _datagramsMalformed;
    private long _datagramsLate;
    private long _datagramsLost;
    private long _eventsReceived;
    private long _eventsLost;
    private long _receiveErrors;

    private UdpEventSource(UdpSourceOptions options, Socket socket)
    {
        _options = options;
        _socket = socket;
        _pool = new EventPacketPool(options.QueueCapacity + 8, UdpEventFraming.EthernetEventsPerDatagram);
        Queue = new SheddingPacketQueue(options.QueueCapacity, options.ShedPolicy, _pool);
        _tracker = new SenderLossTracker(options.MaxSenders);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _loop = Task.Run(() => ReceiveLoopAsync(_stop.Token));
    }

    /// <summary>Binds the socket and starts receiving.</summary>
    public static UdpEventSource Start(UdpSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var socket = new Socket(options.Endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = options.ReceiveBufferBytes;
            try
            {
                socket.Bind(options.Endpoint);
            }
            catch (SocketException ex)
            {
                throw new InvalidInputException($"udp {options.Endpoint}: cannot listen: {ex.Message}", ex);
            }

            return new UdpEventSource(options, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public IPEndPoint LocalEndPoint { get; }

    public SheddingPacketQueue Queue { get; }

    /// <summary>Ends when the source is stopped, or after an end-of-stream mark with <see cref="UdpSourceOptions.CompleteOnEndOfStream"/>.</summary>
    public Task Completion => _loop;

    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    public long DatagramsMalformed => Interlocked.Read(ref _datagramsMalformed);

    public long DatagramsLate => Interlocked.Read(ref _datagramsLate);

    public long DatagramsLost => Interlocked.Read(ref _datagramsLost);

    public long EventsReceived => Interlocked.Read(ref _eventsReceived);

    public long EventsLost => Interlocked.Read(ref _eventsLost);

    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>Packets ever allocated: bounded by the queue capacity plus what the consumer holds.</summary>
    public long PacketsAllocated => _pool.Created;

    public IAsyncEnumerable<EventPacket> ReadAllAsync(CancellationToken cancellationToken = default) => Queue.ReadAllAsync(cancellationToken);

    /// <summary>Gives a consumed packet back for reuse.</summary>
    public void Return(EventPacket packet) => _pool.Return(packet);

    /// <summary>
    /// Completes once every event of <paramref name="senderId"/> below <paramref name="eventIndex"/> has been
    /// received or counted lost: a barrier for an in-process producer (tests, benchmarks) that needs the source
    /// to have caught up. A datagram that reveals the count (a heartbeat) must follow the last one awaited.
    /// </summary>
    public Task WaitForSenderAsync(uint senderId, ulong eventIndex, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            if (_tracker.AccountedEvents(senderId) >= eventIndex)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((senderId, eventIndex, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops receiving and completes the queue; the consumer still drains what is queued.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        // Larger than any UDP payload, so no datagram is ever truncated.
        byte[] buffer = new byte[ushort.MaxValue + 1];
        try
        {
            while (true)
            {
                int length;
                try
                {
                    length = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException) when (!cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _receiveErrors);
                    continue;
                }

                if (Handle(buffer.AsSpan(0, length)))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            Queue.Complete();
            CancelWaiters();
        }
    }

    /// <summary>Handles one datagram; true when the stream should end here.</summary>
    private bool Handle(ReadOnlySpan<byte> datagram)
    {
        if (!UdpEventFraming.TryReadHeader(datagram, out var header, out _))
        {
            Interlocked.Increment(ref _datagramsMalformed);
            return false;
        }

        EventPacket? packet = null;
        if (header.EventCount > 0)
        {
            packet = _pool.Rent();
            if (!UdpEventFraming.TryDecodeEvents(datagram, header, _options.Sensor, packet, out _))
            {
                // Not accounted as received: the sender's next good datagram shows these events as lost.
                _pool.Return(packet);
                Interlocked.Increment(ref _datagramsMalformed);
                return false;
            }
        }

        DatagramVerdict verdict;
        long lostDatagrams;
        long lostEvents;
        lock (_sync)
        {
            verdict = _tracker.Observe(header, out lostDatagrams, out lostEvents);
            if (verdict == DatagramVerdict.Accept)
            {
                Interlocked.Increment(ref _datagramsReceived);
                Interlocked.Add(ref _datagramsLost, lostDatagrams);
                Interlocked.Add(ref _eventsLost, lostEvents);
                Interlocked.Add(ref _eventsReceived, header.EventCount);
            }
        }

        if (verdict != DatagramVerdict.Accept)
        {
            if (packet is not null)
            {
                _pool.Return(packet);
            }

            Interlocked.Increment(ref verdict == DatagramVerdict.Late ? ref _datagramsLate : ref _datagramsMalformed);
            return false;
        }

        if (packet is not null && !Queue.TryWrite(packet))
        {
            _pool.Return(packet); // cannot happen while the loop runs: only the loop completes the queue
        }

        ReleaseWaiters();
        return _options.CompleteOnEndOfStream && (header.Flags & UdpFrameFlags.EndOfStream) != 0;
    }

    private void ReleaseWaiters()
    {
        lock (_sync)
        {
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                var w = _waiters[i];
                if (_tracker.AccountedEvents(w.SenderId) >= w.EventIndex)
                {
                    w.Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void CancelWaiters()
    {
        lock (_sync)
        {
            foreach (var w in _waiters)
            {
                w.Done.TrySetCanceled();
            }

            _waiters.Clear();
        }
    }
}
