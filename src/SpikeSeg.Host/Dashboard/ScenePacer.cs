namespace SpikeSeg.Host.Dashboard;

/// <summary>Holds a replay to the wall clock: stream time t is released at t / speed after the start, never earlier.</summary>
internal sealed class ScenePacer
{
    private readonly double _speed;
    private readonly TimeProvider _time;
    private readonly long _start;

    public ScenePacer(double speed, TimeProvider? time = null)
    {
        if (!double.IsFinite(speed) || speed <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "must be a positive number");
        }

        _speed = speed;
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
    }

    /// <summary>How long to wait before stream time <paramref name="streamUs"/> is due (zero or negative: due already).</summary>
    public TimeSpan Until(long streamUs) => TimeSpan.FromSeconds(streamUs / 1e6 / _speed) - _time.GetElapsedTime(_start);

    public async Task WaitUntilAsync(long streamUs, CancellationToken ct)
    {
        var wait = Until(streamUs);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, ct).ConfigureAwait(false);
        }
    }
}
