using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using SpikeSeg.Host.Dashboard;
using SpikeSeg.Streaming.Imaging;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Tests.Host.Dashboard;

/// <summary>
/// The acceptance test of the dashboard (issue #6): Debian's Chromium, headless, against a running demo. It checks by
/// the pixels of a screenshot that events and a detection box with its track id are drawn where the scene's labels
/// put a satellite, that the view moves on, and that the page asks nothing of any host but 127.0.0.1.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private static readonly Rgb BoxColour = new(0, 255, 102);

    [Fact]
    public async Task Chromium_draws_events_and_tracked_boxes_on_the_labelled_satellites_and_talks_only_to_loopback()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var server = await DemoServer.StartAsync(new DemoServeOptions(Seconds: 120, Seed: 1, Objects: 3, Preset: "sda", Speed: 1, Port: 0));
        using var stop = new CancellationTokenSource();
        var running = server.RunAsync(stop.Token);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: demo serving");
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
            });
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
            var requested = new ConcurrentQueue<string>();
            await context.RouteAsync("**/*", async route =>
            {
                requested.Enqueue(route.Request.Url);
                if (new Uri(route.Request.Url).Host == "127.0.0.1")
                {
                    await route.ContinueAsync();
                }
                else
                {
                    await route.AbortAsync();
                }
            });
            var page = await context.NewPageAsync();
            page.Request += (_, r) => requested.Enqueue(r.Url);
            page.WebSocket += (_, ws) => requested.Enqueue(ws.Url);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: browser up");
            await page.GotoAsync(server.Url + DashboardEndpoints.PagePath);
            var canvas = page.Locator("canvas.events");

            // (c) the view updates: the frame counter advances and the canvas changes.
            await page.WaitForFunctionAsync("() => window.spikeseg.framesDrawn >= 3", null, new() { Timeout = 15_000 });
            int drawnBefore = await page.EvaluateAsync<int>("() => window.spikeseg.framesDrawn");
            byte[] first = await canvas.ScreenshotAsync();
            await page.WaitForFunctionAsync($"() => window.spikeseg.framesDrawn >= {drawnBefore + 10}", null, new() { Timeout = 10_000 });
            byte[] second = await canvas.ScreenshotAsync();
            Assert.NotEqual(first, second);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: view updated");
            Assert.True(int.Parse(await page.Locator("#frames-drawn").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) > drawnBefore);

            // Freeze the view on a frame with a confirmed track, then read it back from the screen.
            await page.WaitForFunctionAsync("() => (window.spikeseg.lastFrame?.boxes ?? []).some(b => b[4] >= 0 && b[5] === 1)", null, new() { Timeout = 15_000 });
            await page.ClickAsync("#pause");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: paused");
            var shown = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.spikeseg.lastFrame)")).RootElement;
            long tEndUs = shown.GetProperty("tEndUs").GetInt64();
            int scale = shown.GetProperty("scale").GetInt32();
            var boxes = shown.GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToList();
            var box = (await canvas.BoundingBoxAsync())!;
            var image = ScreenshotPng.Decode(await page.ScreenshotAsync(new()
            {
                Clip = new() { X = MathF.Round(box.X), Y = MathF.Round(box.Y), Width = server.Scene.Sensor.Width * scale, Height = server.Scene.Sensor.Height * scale },
            }));
            Assert.Equal(server.Scene.Sensor.Width * scale, image.Width);
            Assert.Equal(server.Scene.Sensor.Height * scale, image.Height);

            // (a) events are drawn: plenty of lit pixels besides the boxes.
            int lit = 0;
            for (int y = 0; y < image.Height; y++)
            {
                for (int x = 0; x < image.Width; x++)
                {
                    var p = image.Get(x, y);
                    lit += p != Rgb.Black && !Near(p, BoxColour) ? 1 : 0;
                }
            }

            Assert.True(lit > 50, $"only {lit} event pixels drawn");

            // (b) a box with a track id over a labelled satellite: box-colour pixels inside the satellite's area.
            var labels = LabelsAt(server.Scene, tEndUs);
            Assert.NotEmpty(labels);
            var hits = labels.Select(l => (Label: l, Pixels: CountNear(image, BoxColour, l.X * scale, l.Y * scale, radius: 7 * scale))).ToList();
            var best = hits.MaxBy(h => h.Pixels);
            Assert.True(best.Pixels >= 10, $"no box drawn on any labelled satellite at t={tEndUs} µs: {string.Join(", ", hits.Select(h => $"object {h.Label.ObjectId} at ({h.Label.X:F1},{h.Label.Y:F1}): {h.Pixels} px"))}");
            Assert.Contains(boxes, b => b[4] >= 0 && Math.Abs(((b[0] + b[2]) / 2.0) - best.Label.X) <= 6 && Math.Abs(((b[1] + b[3]) / 2.0) - best.Label.Y) <= 6);

            // For a person to look at when the test fails (or to see what the page looks like).
            string shot = Path.Combine(Path.GetTempPath(), "spikeseg-dashboard-test.png");
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            output.WriteLine($"page screenshot: {shot}");

            // (d) nothing outside 127.0.0.1: the page, its script and style, and the WebSocket, all local.
            var urls = requested.ToArray();
            Assert.Contains(urls, u => u.StartsWith("ws://127.0.0.1", StringComparison.Ordinal));
            Assert.Contains(urls, u => u.EndsWith("/dashboard/dashboard.js", StringComparison.Ordinal));
            Assert.All(urls, u => Assert.Equal("127.0.0.1", new Uri(u).Host));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {urls.Length} requests, all to 127.0.0.1; {lit} event pixels; {best.Pixels} box pixels on object {best.Label.ObjectId}");
        }
        finally
        {
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: browser closed");
            await stop.CancelAsync();
            await running;
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: demo stopped");
        }
    }

    /// <summary>The newest label of each object at or before <paramref name="tUs"/> (labels come every chunk, 10 ms).</summary>
    private static List<LabelRow> LabelsAt(SkySceneOptions scene, long tUs)
    {
        var latest = new Dictionary<int, LabelRow>();
        foreach (var chunk in SkySceneGenerator.Generate(scene with { DurationUs = Math.Min(scene.DurationUs, tUs + 20_000) }))
        {
            foreach (var l in chunk.Labels.Where(l => l.TimestampUs <= tUs))
            {
                latest[l.ObjectId] = l;
            }
        }

        return [.. latest.Values];
    }

    private static int CountNear(RgbImage image, Rgb colour, double cx, double cy, int radius)
    {
        int n = 0;
        for (int y = Math.Max(0, (int)cy - radius); y <= Math.Min(image.Height - 1, (int)cy + radius); y++)
        {
            for (int x = Math.Max(0, (int)cx - radius); x <= Math.Min(image.Width - 1, (int)cx + radius); x++)
            {
                n += Near(image.Get(x, y), colour) ? 1 : 0;
            }
        }

        return n;
    }

    private static bool Near(Rgb a, Rgb b) => Math.Abs(a.R - b.R) <= 8 && Math.Abs(a.G - b.G) <= 8 && Math.Abs(a.B - b.B) <= 8;
}
