using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Telemetry;

namespace SpikeSeg.Host.Dashboard;

/// <summary>
/// The dashboard's publisher: a registry of stream feeds and connected browsers, and one loop that, at most
/// <see cref="DashboardOptions.UpdatesPerSecond"/> times a second, takes each feed's newest frame, serialises it once
/// and offers it to every browser (and every <see cref="DashboardOptions.LearningEveryUpdates"/> ticks, the learning
/// state). Per-layer spike totals come from the layers' own <c>spikeseg.layer.spikes</c> measurements.
/// </summary>
internal sealed class DashboardHub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, DashboardFeed> _feeds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<DashboardClient, WebSocket> _clients = new();
    private readonly MeterListener _spikes = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private Task _loop = Task.CompletedTask;
    private long _ticks, _sent, _slowDrops;

    public DashboardHub(DashboardOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? new DashboardOptions();
        if (Options.UpdatesPerSecond is < 1 or > 30 || Options.LearningEveryUpdates < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "updates per second must be 1–30 and the learning period at least one update");
        }

        _time = time ?? TimeProvider.System;
        _spikes.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SpikeSegTelemetry.MeterName && instrument.Name == "spikeseg.layer.spikes") // not Spikes.Name: this runs inside the telemetry class initialiser
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _spikes.SetMeasurementEventCallback<long>(OnSpikes);
        _spikes.Start();
    }

    public DashboardOptions Options { get; }

    public IReadOnlyCollection<DashboardFeed> Feeds => [.. _feeds.Values.OrderBy(f => f.Name, StringComparer.Ordinal)];

    public int Clients => _clients.Count;

    /// <summary>The feed of a stream, created on first use (a restarted stream keeps its feed and history).</summary>
    public DashboardFeed Attach(string stream, int inputWidth, int inputHeight, SensorGeometry sensor, long stepUs) =>
        _feeds.GetOrAdd(stream, name => new DashboardFeed(name, inputWidth, inputHeight, sensor, stepUs, Options.FrameUs));

    public DashboardStatus Status() => new(
        _clients.Count,
        Interlocked.Read(ref _sent) + _clients.Keys.Sum(c => c.Sent),
        _feeds.Values.Sum(f => f.FramesStale),
        Interlocked.Read(ref _slowDrops),
        _feeds.Values.Sum(f => f.FramesSealed));

    /// <summary>Starts the publishing loop.</summary>
    public void Start() => _loop = Task.Run(() => LoopAsync(_stopping.Token));

    /// <summary>One publishing tick: newest frames to every browser, and the learning state when <paramref name="learning"/>.</summary>
    public void Publish(bool learning)
    {
        foreach (var feed in _feeds.Values)
        {
            if (feed.TakeLatest() is { } frame)
            {
                feed.Learning.StreamTimeS = frame.TEndUs / 1e6;
                Broadcast(DashboardClient.MessageKind.Frame, feed.Name, DashboardMessages.Frame(frame, feed, feed.Counters(), Interlocked.Read(ref _slowDrops)));
            }

            if (learning && feed.Learning.Sample() is { } sample)
            {
                Broadcast(DashboardClient.MessageKind.Learning, feed.Name, DashboardMessages.Learning(sample));
            }
        }
    }

    /// <summary>Serves one accepted WebSocket until the browser closes it, the request aborts or the hub stops.</summary>
    public async Task RunClientAsync(WebSocket socket, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(socket);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
        var client = new DashboardClient(socket, () =>
        {
            Interlocked.Increment(ref _slowDrops);
            DashboardTelemetry.UpdatesDropped.Add(1, DashboardTelemetry.SlowClient);
        });
        _clients[client] = socket;
        DashboardTelemetry.Clients.Add(1);
        try
        {
            var sending = client.SendLoopAsync(DashboardMessages.Hello(Feeds, Options.UpdatesPerSecond), stop.Token);
            var receiving = ReceiveUntilCloseAsync(socket, stop.Token);
            await Task.WhenAny(sending, receiving).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(Quietly(sending), Quietly(receiving)).ConfigureAwait(false);
        }
        finally
        {
            _clients.TryRemove(client, out _);
            Interlocked.Add(ref _sent, client.Sent);
            DashboardTelemetry.Clients.Add(-1);
            socket.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var socket in _clients.Values)
        {
            socket.Abort();
        }

        await Quietly(_loop).ConfigureAwait(false);
        _spikes.Dispose();
        _stopping.Dispose();
    }

    private static async Task ReceiveUntilCloseAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[1024];
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct).ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>Awaits a task whose cancellation or socket failure is the normal way for it to end.</summary>
    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
            // The browser went away or the hub stopped.
        }
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / Options.UpdatesPerSecond), _time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            Publish(learning: _ticks++ % Options.LearningEveryUpdates == 0);
        }
    }

    private void Broadcast(DashboardClient.MessageKind kind, string stream, byte[] message)
    {
        foreach (var client in _clients.Keys)
        {
            client.Offer(kind, stream, message);
        }
    }

    private void OnSpikes(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? stream = null, layer = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "stream")
            {
                stream = tag.Value as string;
            }
            else if (tag.Key == "layer")
            {
                layer = tag.Value as string;
            }
        }

        if (stream is not null && layer is { Length: 5 } && layer.StartsWith("conv", StringComparison.Ordinal)
            && layer[4] is >= '1' and <= '3' && _feeds.TryGetValue(stream, out var feed))
        {
            feed.AddSpikes(layer[4] - '1', value);
        }
    }
}
