namespace SpikeSeg.Host.Service.Sources;

/// <summary>
/// Holds a source back so that event time advances at <c>speed</c> × wall-clock time from the first packet on.
/// A speed of null means no pacing.
/// </summary>
internal sealed class EventPacer(double? speed, TimeProvider time)
{
    private long _firstEventUs = long.MinValue;
    private long _wallStart;

    public async ValueTask WaitUntilAsync(long eventTimeUs, CancellationToken ct)
    {
        if (speed is not double factor)
        {
            return;
        }

        if (_firstEventUs == long.MinValue)
        {
            _firstEventUs = eventTimeUs;
            _wallStart = time.GetTimestamp();
            return;
        }

        var due = TimeSpan.FromMicroseconds((eventTimeUs - _firstEventUs) / factor);
        var ahead = due - time.GetElapsedTime(_wallStart);
        if (ahead > TimeSpan.Zero)
        {
            await Task.Delay(ahead, time, ct).ConfigureAwait(false);
        }
    }

    public static double? SpeedOf(SourceOptions options) => options.Pacing switch
    {
        Pacing.Realtime => 1.0,
        Pacing.Accelerated => options.SpeedFactor,
        _ => null,
    };
}
