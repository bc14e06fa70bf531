using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SpikeSeg.Core.Checkpoints;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Host.Service;
using SpikeSeg.Tests.Core.Configuration;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Service;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly TempFolder _folder = new("spikeseg-store-");

    [Fact]
    public void Sequence_grows_and_retention_keeps_the_newest()
    {
        var store = new CheckpointStore(_folder.Path, keep: 3, NullLogger.Instance);
        var written = Enumerable.Range(1, 7).Select(step => store.Write(Model(step))).ToList();
        Assert.Equal(written.Order(StringComparer.Ordinal), written);
        Assert.Equal(written[^3..], store.List());
        Assert.Equal(7, store.LoadLatestGood()!.Value.Model.Progress.Step);
    }

    [Fact]
    public void Corrupt_newest_files_are_skipped_with_a_warning_each()
    {
        var log = new ListLogger();
        var store = new CheckpointStore(_folder.Path, keep: 5, log);
        var written = Enumerable.Range(1, 4).Select(step => store.Write(Model(step))).ToList();
        File.WriteAllBytes(written[3], [1, 2, 3]);
        byte[] bytes = File.ReadAllBytes(written[2]);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(written[2], bytes);

        var loaded = store.LoadLatestGood();
        Assert.Equal(written[1], loaded!.Value.Path);
        Assert.Equal(2, loaded.Value.Model.Progress.Step);
        Assert.Equal(2, log.Warnings.Count);
        Assert.Contains(Path.GetFileName(written[3]), log.Warnings[0], StringComparison.Ordinal);
        Assert.Contains("checksum", log.Warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void No_folder_or_only_foreign_files_means_no_checkpoint()
    {
        var store = new CheckpointStore(_folder.Path, keep: 2, NullLogger.Instance);
        Assert.Null(store.LoadLatestGood());
        Directory.CreateDirectory(_folder.Path);
        File.WriteAllText(Path.Combine(_folder.Path, "checkpoint-abc.spikeseg"), "x");
        File.WriteAllText(Path.Combine(_folder.Path, "notes.txt"), "x");
        Assert.Empty(store.List());
        Assert.Null(store.LoadLatestGood());
    }

    public void Dispose() => _folder.Dispose();

    private static ModelCheckpoint Model(long step)
    {
        var spec = ValidSpecs.Tiny();
        LayerSpec[] layers = [spec.Conv1, spec.Conv2, spec.Conv3];
        int inputs = spec.Input.PolarityChannels;
        var states = new List<LayerState>();
        for (int i = 0; i < 3; i++)
        {
            var l = layers[i];
            int[] shape = [l.Channels, inputs, l.KernelSize, l.KernelSize];
            states.Add(new LayerState($"conv{i + 1}", shape, new float[shape.Aggregate(1, (a, b) => a * b)], new float[l.Channels], new long[l.Channels]));
            inputs = l.Channels;
        }

        return new ModelCheckpoint { Spec = spec, Layers = states, Progress = new TrainingProgress { Phase = TrainingPhase.Training, CurrentLayer = 1, Step = step, RngState = new SpikeSeg.Core.Randomness.DeterministicRandom(spec.Seed).GetState() } };
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
