namespace SpikeSeg.Host.Service;

/// <summary>A count's rate per second over the last completed interval of at least one second.</summary>
internal sealed class RateMeter(TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private long _lastTimestamp = time.GetTimestamp();
    private long _lastCount;
    private double _rate;

    public double Sample(long count)
    {
        lock (_gate)
        {
            var elapsed = time.GetElapsedTime(_lastTimestamp);
            if (elapsed >= Interval)
            {
                _rate = (count - _lastCount) / elapsed.TotalSeconds;
                _lastCount = count;
                _lastTimestamp = time.GetTimestamp();
            }

            return _rate;
        }
    }
}
