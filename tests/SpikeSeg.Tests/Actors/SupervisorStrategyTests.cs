using SpikeSeg.Actors.Runtime;

namespace SpikeSeg.Tests.Actors;

public sealed class SupervisorStrategyTests
{
    private static readonly SupervisorStrategy Table =
        SupervisorStrategy.OneForOne(3, TimeSpan.FromSeconds(30), Directive.Escalate)
            .With<InvalidOperationException>(Directive.Stop)
            .With<SpecificTestFailureException>(Directive.Resume)
            .With<ArgumentException>(Directive.Restart);

    [Fact]
    public void Decide_MostSpecificRowWins()
    {
        Assert.Equal(Directive.Resume, Table.Decide(new SpecificTestFailureException("derives from InvalidOperationException")));
        Assert.Equal(Directive.Stop, Table.Decide(new InvalidOperationException()));
    }

    [Fact]
    public void Decide_UnlistedSubtype_TakesItsNearestListedBase()
    {
        Assert.Equal(Directive.Stop, Table.Decide(new ObjectDisposedException("x")));
        Assert.Equal(Directive.Restart, Table.Decide(new ArgumentOutOfRangeException("x")));
    }

    [Fact]
    public void Decide_NoMatchingRow_TakesOtherwise()
    {
        Assert.Equal(Directive.Escalate, Table.Decide(new TestFailureException("not in the table")));
    }

    [Fact]
    public void With_ReturnsANewStrategy_ReplacingTheRow_LeavingTheOriginalUnchanged()
    {
        var changed = Table.With<InvalidOperationException>(Directive.Restart);

        Assert.Equal(Directive.Restart, changed.Decide(new InvalidOperationException()));
        Assert.Equal(Directive.Stop, Table.Decide(new InvalidOperationException()));
        Assert.Equal(3, changed.Table.Count);
        Assert.Equal((3, TimeSpan.FromSeconds(30)), (changed.MaxRestarts, changed.RestartWindow));
    }

    [Fact]
    public void Default_StopsOnInitializationFailure_RestartsOtherwise()
    {
        Assert.Equal(Directive.Stop, SupervisorStrategy.Default.Decide(new ActorInitializationException("x")));
        Assert.Equal(Directive.Restart, SupervisorStrategy.Default.Decide(new TestFailureException("x")));
    }

    [Fact]
    public void OneForOne_RejectsNegativeBudgetAndEmptyWindow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SupervisorStrategy.OneForOne(-1, TimeSpan.FromSeconds(1), Directive.Stop));
        Assert.Throws<ArgumentOutOfRangeException>(() => SupervisorStrategy.OneForOne(1, TimeSpan.Zero, Directive.Stop));
        Assert.Throws<ArgumentOutOfRangeException>(() => SupervisorStrategy.OneForOne(1, TimeSpan.FromSeconds(1), (Directive)42));
    }

    [Fact]
    public void Props_RejectsAnEmptyMailbox()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Props.Create(() => new ScriptedActor(1, null!, null, false)) with { MailboxCapacity = 0 });
    }
}
