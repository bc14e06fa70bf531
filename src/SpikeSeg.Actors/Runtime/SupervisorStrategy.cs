using System.Collections.Frozen;

namespace SpikeSeg.Actors.Runtime;

/// <summary>
/// One-for-one supervision: an explicit table exception type → <see cref="Directive"/>, a directive for
/// everything else, and a restart budget. Immutable; <see cref="With{TException}"/> returns a new strategy.
/// </summary>
/// <remarks>
/// The most specific entry wins: <see cref="Decide"/> walks from the exception's own type up its base
/// types and takes the first one in the table. A <see cref="Directive.Restart"/> beyond
/// <see cref="MaxRestarts"/> within <see cref="RestartWindow"/> (measured on the system's
/// <see cref="TimeProvider"/>) becomes <see cref="Directive.Escalate"/>.
/// </remarks>
public sealed class SupervisorStrategy
{
    private readonly FrozenDictionary<Type, Directive> _table;

    private SupervisorStrategy(FrozenDictionary<Type, Directive> table, Directive otherwise, int maxRestarts, TimeSpan restartWindow)
    {
        _table = table;
        Otherwise = otherwise;
        MaxRestarts = maxRestarts;
        RestartWindow = restartWindow;
    }

    /// <summary>
    /// The strategy used when none is given: a child that cannot start is stopped, any other failure
    /// restarts it, at most 10 times a minute.
    /// </summary>
    public static SupervisorStrategy Default { get; } =
        OneForOne(maxRestarts: 10, restartWindow: TimeSpan.FromMinutes(1), otherwise: Directive.Restart)
            .With<ActorInitializationException>(Directive.Stop);

    /// <summary>The directive for exceptions that match no entry of the table.</summary>
    public Directive Otherwise { get; }

    /// <summary>Restarts allowed per child within <see cref="RestartWindow"/>; one more escalates.</summary>
    public int MaxRestarts { get; }

    public TimeSpan RestartWindow { get; }

    /// <summary>The explicit rows, exception type → directive.</summary>
    public IReadOnlyDictionary<Type, Directive> Table => _table;

    public static SupervisorStrategy OneForOne(int maxRestarts, TimeSpan restartWindow, Directive otherwise)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRestarts);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(restartWindow, TimeSpan.Zero);
        if (!Enum.IsDefined(otherwise))
        {
            throw new ArgumentOutOfRangeException(nameof(otherwise), otherwise, "not a directive");
        }

        return new SupervisorStrategy(FrozenDictionary<Type, Directive>.Empty, otherwise, maxRestarts, restartWindow);
    }

    /// <summary>Adds (or replaces) the row for <typeparamref name="TException"/>.</summary>
    public SupervisorStrategy With<TException>(Directive directive)
        where TException : Exception
    {
        if (!Enum.IsDefined(directive))
        {
            throw new ArgumentOutOfRangeException(nameof(directive), directive, "not a directive");
        }

        var rows = new Dictionary<Type, Directive>(_table) { [typeof(TException)] = directive };
        return new SupervisorStrategy(rows.ToFrozenDictionary(), Otherwise, MaxRestarts, RestartWindow);
    }

    /// <summary>The table's directive for <paramref name="failure"/>, before the restart budget is applied.</summary>
    public Directive Decide(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        for (Type? type = failure.GetType(); type is not null; type = type.BaseType)
        {
            if (_table.TryGetValue(type, out Directive directive))
            {
                return directive;
            }
        }

        return Otherwise;
    }
}
