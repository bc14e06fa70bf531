namespace SpikeSeg.Tests.Actors.TestKit;

public sealed class FakeTimeProviderTests
{
    [Fact]
    public void Advance_FiresDueTimersInDueOrder_EachSeeingItsOwnDueTime()
    {
        var clock = new FakeTimeProvider();
        DateTimeOffset start = clock.GetUtcNow();
        var fired = new List<(string Name, TimeSpan At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([("early", TimeSpan.FromSeconds(1))], fired);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([("early", TimeSpan.FromSeconds(1)), ("late", TimeSpan.FromSeconds(3))], fired);
        Assert.Equal(TimeSpan.FromSeconds(4), clock.GetUtcNow() - start);
    }

    [Fact]
    public void PeriodicTimer_FiresOncePerPeriod_UntilDisposed()
    {
        var clock = new FakeTimeProvider();
        int ticks = 0;
        var timer = clock.CreateTimer(_ => ticks++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(3.5));
        Assert.Equal(3, ticks);

        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, ticks);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public void Timestamps_FollowTheFakeClock()
    {
        var clock = new FakeTimeProvider();
        long before = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), clock.GetElapsedTime(before));
    }

    [Fact]
    public async Task TaskDelay_OnTheFakeClock_CompletesOnlyWhenAdvanced()
    {
        var clock = new FakeTimeProvider();
        Task delay = Task.Delay(TimeSpan.FromSeconds(30), clock);
        Assert.False(delay.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(30));

        await delay.WaitAsync(TestProbe.DefaultTimeout);
    }
}
