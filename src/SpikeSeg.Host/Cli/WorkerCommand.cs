using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SpikeSeg.Core.Engine;
using SpikeSeg.Host.ScaleOut;

namespace SpikeSeg.Host.Cli;

/// <summary>
/// <c>spikeseg worker --broker URI --camera ID --checkpoints DIR</c>: the consumer role for one camera. Joins the
/// camera's queue as a single-active consumer (a second worker waits as the standby), resumes the camera's model
/// from the newest good checkpoint in the shared directory, publishes results to the results exchange, and saves
/// checkpoints as it goes. Ends after the end-of-stream batch, or on SIGTERM / Ctrl-C.
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var broker = new Option<string>("--broker") { Description = "AMQP URI", Required = true };
        var camera = new Option<string>("--camera") { Description = "Camera id", Required = true };
        var checkpoints = new Option<DirectoryInfo>("--checkpoints") { Description = "Checkpoint directory shared by the hosts that may serve this camera", Required = true };
        var preset = new Option<string>("--preset") { Description = "Network preset when no checkpoint exists yet", DefaultValueFactory = _ => "sda" };
        var learn = new Option<bool>("--learn") { Description = "Learn online while serving" };
        var every = new Option<int>("--checkpoint-every") { Description = "Save a checkpoint every N committed batches", DefaultValueFactory = _ => 20 };
        var prefetch = new Option<ushort>("--prefetch") { Description = "Unacknowledged batches (the backpressure bound)", DefaultValueFactory = _ => 16 };
        var command = new Command("worker", "Serve one camera from RabbitMQ: consume its batches, segment, publish results, checkpoint for failover.")
        {
            broker, camera, checkpoints, preset, learn, every, prefetch,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
            var logger = loggers.CreateLogger("spikeseg.worker");
            string id = parse.GetValue(camera)!;
            var source = ModelSource.Resolve(null, parse.GetValue(preset));
            var options = new EngineOptions { StreamName = id, Sensor = source.Spec.DefaultSensor, Learn = parse.GetValue(learn), Continuous = true };
            var directory = new CheckpointDirectory(parse.GetValue(checkpoints)!.FullName, id, keep: 3, logger);
            var processor = new EngineCameraProcessor(source.Spec, options, directory, parse.GetValue(every), logger);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"worker {id}: waiting to become the camera's active consumer");
            output.Flush();
            processor.Loaded += resumed =>
            {
                output.WriteLine(resumed is ulong s
                    ? string.Create(CultureInfo.InvariantCulture, $"worker {id}: active; resumed from checkpoint at sequence {s}")
                    : $"worker {id}: active; starting from preset {source.Spec.Name}");
                output.Flush();
            };
            var consumer = new RabbitCameraConsumer(BrokerUri.Parse(parse.GetValue(broker)!), id, parse.GetValue(prefetch), processor, logger);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var running = consumer.RunAsync(stop.Token);
            await Task.WhenAny(consumer.EndOfStream, running).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await running.ConfigureAwait(false);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"worker {id}: {consumer.Counters.Processed:N0} batches, {consumer.Counters.Duplicates:N0} duplicates, {consumer.Counters.DeadLettered:N0} dead-lettered, {consumer.Counters.Gaps:N0} missing"));
            return ExitCodes.Success;
        });
        return command;
    }
}
