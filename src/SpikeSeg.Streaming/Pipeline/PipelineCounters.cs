namespace SpikeSeg.Streaming.Pipeline;

/// <summary>What the pipeline did, read from any thread; every step and event ends up in exactly one bin.</summary>
public sealed class PipelineCounters
{
    private long _eventsIn, _eventsSkipped, _eventsBinned, _eventsDropped, _stepsIn, _stepsOut, _stepsSkipped, _restarts, _frames, _instances, _sinkFailures;

    public long EventsIn => Interlocked.Read(ref _eventsIn);

    /// <summary>Events the binner counted into a step.</summary>
    public long EventsBinned => Interlocked.Read(ref _eventsBinned);

    /// <summary>Events the binner dropped (outside the sensor, or late).</summary>
    public long EventsDropped => Interlocked.Read(ref _eventsDropped);

    public long StepsIn => Interlocked.Read(ref _stepsIn);

    /// <summary>Binned events of the steps that were skipped.</summary>
    public long EventsSkipped => Interlocked.Read(ref _eventsSkipped);

    /// <summary>Steps that reached the segmenter.</summary>
    public long StepsOut => Interlocked.Read(ref _stepsOut);

    /// <summary>Steps a stage skipped after its retry failed too.</summary>
    public long StepsSkipped => Interlocked.Read(ref _stepsSkipped);

    public long Restarts => Interlocked.Read(ref _restarts);

    public long Frames => Interlocked.Read(ref _frames);

    public long Instances => Interlocked.Read(ref _instances);

    public long SinkFailures => Interlocked.Read(ref _sinkFailures);

    internal void AddEventsIn(long n) => Interlocked.Add(ref _eventsIn, n);

    internal void SetBinner(long binned, long dropped)
    {
        Interlocked.Exchange(ref _eventsBinned, binned);
        Interlocked.Exchange(ref _eventsDropped, dropped);
    }

    internal void AddStepIn() => Interlocked.Increment(ref _stepsIn);

    internal void AddStepOut() => Interlocked.Increment(ref _stepsOut);

    internal void AddSkipped(int events)
    {
        Interlocked.Increment(ref _stepsSkipped);
        Interlocked.Add(ref _eventsSkipped, events);
    }

    internal void AddRestart() => Interlocked.Increment(ref _restarts);

    internal void AddFrame(int instances)
    {
        Interlocked.Increment(ref _frames);
        Interlocked.Add(ref _instances, instances);
    }

    internal void AddSinkFailure() => Interlocked.Increment(ref _sinkFailures);
}
