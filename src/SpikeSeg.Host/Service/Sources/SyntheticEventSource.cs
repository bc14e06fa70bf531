using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Host.Service.Sources;

/// <summary>A named sky scene from <see cref="SkyScenes"/>, generated chunk by chunk in constant memory.</summary>
internal sealed class SyntheticEventSource : IEventSource
{
    /// <summary>"Endless": the longest scene the generator accepts (about 115 days).</summary>
    private const double EndlessSeconds = 1e7;

    private readonly SkySceneGenerator _generator;
    private readonly SyntheticChunk _chunk = new();
    private readonly EventPacer _pacer;

    public SyntheticEventSource(SourceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scene = SkyScenes.Create(options.Scene, options.Seconds ?? EndlessSeconds, options.Seed);
        scene.Validate();
        _generator = new SkySceneGenerator(scene);
        _pacer = new EventPacer(EventPacer.SpeedOf(options), time);
        Sensor = scene.Sensor;
        Description = $"synthetic {options.Scene}";
    }

    public string Description { get; }

    public SensorGeometry? Sensor { get; }

    public long EventTimeUs { get; private set; }

    public long EventsShed => 0;

    public long EventsLost => 0;

    public async ValueTask<EventPacket?> ReadAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!_generator.TryFill(_chunk))
        {
            return null;
        }

        await _pacer.WaitUntilAsync(_chunk.EndUs, ct).ConfigureAwait(false);
        EventTimeUs = _chunk.EndUs;
        return _chunk.Events;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
