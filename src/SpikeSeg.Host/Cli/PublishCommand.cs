using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SpikeSeg.Core.Events;
using SpikeSeg.Host.ScaleOut;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Wire;

namespace SpikeSeg.Host.Cli;

/// <summary>
/// <c>spikeseg publish INPUT --broker URI --camera ID [--pace realtime|max]</c>: the gateway role. Reads any readable
/// source, cuts it into time batches with a per-camera sequence number and publishes them with confirms and a
/// bounded number in flight (docs/scale-out.md).
/// </summary>
public static class PublishCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Event file in any readable format, or - for stdin" };
        var broker = new Option<string>("--broker") { Description = "AMQP URI, e.g. amqp://guest:guest@127.0.0.1:5672/", Required = true };
        var camera = new Option<string>("--camera") { Description = "Camera id (queue spikeseg.events.<id>)", Required = true };
        var pace = new Option<string>("--pace") { Description = "realtime: publish on event time; max: as fast as confirms allow", DefaultValueFactory = _ => "max" };
        pace.AcceptOnlyFromAmong("realtime", "max");
        var batchUs = new Option<long>("--batch-us") { Description = "Event time per batch (µs)", DefaultValueFactory = _ => 10_000 };
        var inFlight = new Option<int>("--max-in-flight") { Description = "Unconfirmed batches allowed at once", DefaultValueFactory = _ => 64 };
        var command = new Command("publish", "Publish an event source to a camera queue on RabbitMQ (confirms, bounded in flight, resumes after a broker restart).")
        {
            input, broker, camera, pace, batchUs, inFlight,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            var logger = loggers.CreateLogger("spikeseg.publish");
            string id = parse.GetValue(camera)!;
            using var reader = EventReaders.Open(parse.GetValue(input)!);
            var geometry = reader.Info.Geometry ?? SensorGeometry.Davis240C;
            await using var publisher = new RabbitEventPublisher(BrokerUri.Parse(parse.GetValue(broker)!), id, parse.GetValue(inFlight), logger);
            long batches = 0, events = 0;
            await publisher.PublishAllAsync(Batches(reader, id, geometry, parse.GetValue(batchUs), parse.GetValue(pace) == "realtime", n => { batches++; events += n; }, ct), ct).ConfigureAwait(false);
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{id}: {events:N0} events in {batches:N0} batches confirmed ({publisher.Republished:N0} republished after {publisher.Reconnects} reconnects)"));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Time batches of the source, numbered from 0; the last one carries end_of_stream.</summary>
    public static async IAsyncEnumerable<EventBatch> Batches(IEventReader reader, string camera, SensorGeometry geometry, long batchUs, bool realtime, Action<int> counted, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var chunk = new EventPacket(1 << 15);
        var batch = new EventPacket(1 << 15);
        ulong sequence = 0;
        long batchStart = long.MinValue, firstUs = long.MinValue;
        var wall = Stopwatch.StartNew();
        while (true)
        {
            chunk.Clear();
            bool end = reader.Read(chunk, 1 << 15) == 0;
            for (int i = 0; i < chunk.Count; i++)
            {
                long t = chunk.TimestampUs[i];
                if (batchStart == long.MinValue)
                {
                    batchStart = t;
                    firstUs = firstUs == long.MinValue ? t : firstUs;
                }

                if (t - batchStart >= batchUs || batch.Count >= ushort.MaxValue)
                {
                    await PaceAsync(realtime, wall, batchStart - firstUs, ct).ConfigureAwait(false);
                    counted(batch.Count);
                    yield return EventBatchCodec.Encode(camera, sequence++, batch, geometry);
                    batch.Clear();
                    batchStart = t;
                }

                batch.Add(t, chunk.X[i], chunk.Y[i], chunk.Polarity[i]);
            }

            if (end)
            {
                counted(batch.Count);
                yield return EventBatchCodec.Encode(camera, sequence, batch, geometry, endOfStream: true);
                yield break;
            }
        }
    }

    private static async Task PaceAsync(bool realtime, Stopwatch wall, long eventOffsetUs, CancellationToken ct)
    {
        if (!realtime)
        {
            return;
        }

        var due = TimeSpan.FromTicks(eventOffsetUs * 10) - wall.Elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due, ct).ConfigureAwait(false);
        }
    }
}
