using System.Net.WebSockets;
using System.Text.Json;
using SpikeSeg.Core.Engine;
using SpikeSeg.Core.Events;
using SpikeSeg.Core.Network;
using SpikeSeg.Core.Output;
using SpikeSeg.Host.Dashboard;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Streaming.Pipeline;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Tests.Host.Dashboard;

public sealed class DashboardFeedTests
{
    private static readonly SensorGeometry Sensor = new(40, 30);

    private static PipelineStep Step(long index, params InputCell[] cells) =>
        new(index, index * 10_000, (index + 1) * 10_000, cells.Length, cells, cells, [], [], [], null, null, null, false);

    private static SegmentationFrame Frame(long step, params FrameInstance[] instances) =>
        new("s", step, step * 10_000, ((step + 1) * 10_000) - 1, 0, instances);

    private static FrameInstance Box(int track, int x0, int y0, int x1, int y1, bool confirmed = true) =>
        new(0, 0, track, confirmed, x0, y0, x1, y1, (x0 + x1) / 2.0, (y0 + y1) / 2.0, 4);

    [Fact]
    public void A_frame_spans_its_steps_keeps_each_tracks_latest_box_and_marks_pixels_inside_a_box_of_their_own_step()
    {
        var feed = new DashboardFeed("s", 40, 30, Sensor, stepUs: 10_000, frameUs: 30_000);
        var sealedFrames = new List<DashboardFrame>();
        feed.Sealed = sealedFrames.Add;
        Assert.Equal(3, feed.StepsPerFrame);

        feed.OnStep(Step(0, new InputCell(0, 5, 5, 1), new InputCell(1, 20, 20, 1)), Frame(0, Box(7, 4, 4, 6, 6)));
        feed.OnStep(Step(1, new InputCell(0, 5, 5, 1), new InputCell(0, 21, 30, 1)), Frame(1, Box(7, 5, 5, 7, 7), Box(-1, 29, 20, 31, 22)));
        Assert.Empty(sealedFrames);
        feed.OnStep(Step(2, new InputCell(1, 20, 20, 1)), Frame(2, Box(9, 0, 0, 1, 1, confirmed: false)));

        var f = Assert.Single(sealedFrames);
        Assert.Equal((0L, 0L, 2L, 0L, 30_000L), (f.Seq, f.FirstStep, f.LastStep, f.TStartUs, f.TEndUs));
        Assert.Equal(5, f.Events);
        Assert.Equal(4, f.Instances);

        // Track 7's newest box (step 1) and track 9's; untracked boxes are those of the last step with instances (step 2: none).
        Assert.Equal([new DashboardBox(5, 5, 7, 7, 7, true), new DashboardBox(0, 0, 1, 1, 9, false)], f.Boxes);

        // (5,5) ON twice → one entry, salient; (20,20) OFF twice → one entry, never inside a box; (30,21) ON inside the untracked box.
        var pixels = f.Pixels.Select(p => (Index: (int)(p >> 2), Salient: (p & 2) != 0, Channel: (int)(p & 1))).OrderBy(p => p.Index).ToList();
        Assert.Equal([((5 * 40) + 5, true, 0), ((20 * 40) + 20, false, 1), ((21 * 40) + 30, true, 0)], pixels);

        // The one-slot mailbox: the newest sealed frame waits; taking it empties the slot.
        Assert.Same(f, feed.TakeLatest());
        Assert.Null(feed.TakeLatest());
    }

    [Fact]
    public void A_step_past_the_open_frame_seals_it_even_when_its_last_steps_never_came()
    {
        var feed = new DashboardFeed("s", 40, 30, Sensor, stepUs: 10_000, frameUs: 30_000);
        var sealedFrames = new List<DashboardFrame>();
        feed.Sealed = sealedFrames.Add;
        feed.OnStep(Step(0), Frame(0));
        feed.OnStep(Step(4), Frame(4));
        feed.OnStep(Step(5), Frame(5));
        Assert.Equal([(0L, 0L, 0L), (1L, 4L, 5L)], sealedFrames.Select(f => (f.Seq, f.FirstStep, f.LastStep)));
    }

    [Fact]
    public void Frames_nobody_took_are_counted_stale_and_only_the_newest_waits()
    {
        var feed = new DashboardFeed("s", 40, 30, Sensor, stepUs: 10_000, frameUs: 10_000);
        for (int i = 0; i < 25; i++)
        {
            feed.OnStep(Step(i), Frame(i));
        }

        Assert.Equal(25, feed.FramesSealed);
        Assert.Equal(24, feed.FramesStale);
        Assert.Equal(24, feed.TakeLatest()!.Seq);
    }

    [Fact]
    public async Task On_a_real_pipeline_every_dashboard_frame_carries_the_boxes_and_track_ids_of_the_segmenter_frames_it_spans()
    {
        var spec = PresetLoader.Load("sda");
        var scene = SkyScenes.Create(SkyScenes.Sda, 2, seed: 3, spec.DefaultSensor, 3);
        var feed = new DashboardFeed("dash-feed-test", spec.Input.Width, spec.Input.Height, scene.Sensor, spec.Input.StepUs);
        var sealedFrames = new List<DashboardFrame>();
        feed.Sealed = sealedFrames.Add;
        var options = new EngineOptions { StreamName = "dash-feed-test", Sensor = scene.Sensor, Learn = true, Continuous = true };
        await using var pipeline = SegmentationPipeline.Start(spec, options, new PipelineOptions { StepObserver = feed }, originUs: 0);
        var frames = new List<SegmentationFrame>();
        var drain = Task.Run(async () =>
        {
            await foreach (var f in pipeline.Frames.ReadAllAsync())
            {
                frames.Add(f);
            }
        });
        foreach (var chunk in SkySceneGenerator.Generate(scene))
        {
            await pipeline.FeedAsync(chunk.Events);
        }

        await pipeline.CompleteAsync();
        await drain;

        Assert.Equal(0, feed.ObserverFailures);
        Assert.True(sealedFrames.Count >= 60, $"{sealedFrames.Count} dashboard frames for 200 steps");
        Assert.True(frames.Sum(f => f.Instances.Count) > 0);
        var byStep = frames.ToDictionary(f => f.Step);
        foreach (var d in sealedFrames)
        {
            var spanned = Enumerable.Range((int)d.FirstStep, (int)(d.LastStep - d.FirstStep + 1)).Select(s => byStep[s]).ToList();
            var expected = spanned.SelectMany(f => f.Instances).Where(i => i.Track >= 0).GroupBy(i => i.Track).OrderBy(g => g.Key)
                .Select(g => g.Last()).Select(i => new DashboardBox(i.X0, i.Y0, i.X1, i.Y1, i.Track, i.TrackConfirmed)).ToList();
            Assert.Equal(expected, d.Boxes.Where(b => b.Track >= 0));
            Assert.Equal(spanned.Sum(f => (long)f.Events), d.Events);
            Assert.Equal(spanned.Sum(f => f.Instances.Count), d.Instances);
        }

        // The wire form carries the same numbers.
        var busy = sealedFrames.Where(f => f.Boxes.Length > 0).MaxBy(f => f.Pixels.Length)!;
        var json = JsonDocument.Parse(DashboardMessages.Frame(busy, feed, DashboardCounters.None, 0)).RootElement;
        Assert.Equal(DashboardMessages.Version, json.GetProperty("v").GetInt32());
        Assert.Equal("frame", json.GetProperty("type").GetString());
        var wireBoxes = json.GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetInt32()).ToArray())
            .Select(b => new DashboardBox(b[0], b[1], b[2], b[3], b[4], b[5] == 1));
        Assert.Equal(busy.Boxes, wireBoxes);
        var bytes = json.GetProperty("pixels").GetBytesFromBase64();
        Assert.Equal(busy.Pixels, Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToUInt32(bytes, i * 4)));
    }

    [Fact]
    public async Task A_browser_that_never_reads_costs_one_message_per_slot_and_every_replaced_update_is_counted()
    {
        await using var hub = new DashboardHub();
        var feed = hub.Attach("dash-slow", 40, 30, Sensor, 10_000);
        var socket = new NeverReadingSocket();
        using var stop = new CancellationTokenSource();
        var client = hub.RunClientAsync(socket, stop.Token);
        while (hub.Clients == 0)
        {
            await Task.Delay(5);
        }

        for (int i = 0; i < 6; i++)
        {
            feed.OnStep(Step(i * 3), Frame(i * 3)); // 33 ms frames of 10 ms steps: steps 3i … 3i + 2, sealed by the last
            feed.OnStep(Step((i * 3) + 2), Frame((i * 3) + 2));
            hub.Publish(learning: false);
        }

        // The socket is stuck in its first send (hello), so the first frame waits and the five after it replace it.
        var status = hub.Status();
        Assert.Equal(5, status.UpdatesDroppedSlowClient);
        Assert.Equal(0, status.UpdatesDroppedStale);
        Assert.Equal(0, status.UpdatesSent);
        Assert.Equal(1, socket.SendsStarted);

        await stop.CancelAsync();
        await client;
        Assert.Equal(0, hub.Clients);
    }

    /// <summary>A WebSocket whose sends never complete (a browser that stopped reading) until cancelled.</summary>
    private sealed class NeverReadingSocket : WebSocket
    {
        private int _sends;

        public int SendsStarted => _sends;

        public override WebSocketCloseStatus? CloseStatus => null;

        public override string? CloseStatusDescription => null;

        public override WebSocketState State => WebSocketState.Open;

        public override string? SubProtocol => null;

        public override void Abort()
        {
        }

        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Dispose()
        {
        }

        public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public override async Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sends);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
