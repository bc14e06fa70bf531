namespace SpikeSeg.Actors.Runtime;

/// <summary>One published value and the version it was published under.</summary>
public sealed record Versioned<T>(long Version, T Value);

/// <summary>
/// The way an owner (a layer actor) shares state it alone mutates: it publishes immutable snapshots,
/// readers on any thread take the latest. Version and value travel in one object behind one reference,
/// so a reader sees both from the same publication, never a mix and never a half-written one.
/// </summary>
/// <remarks>
/// The value must not change after <see cref="Publish"/>: publish a copy of a weight array, not the
/// array the owner keeps updating. Keep the publisher outside the actor instance (create it beside the
/// <see cref="Props"/> factory) so a restarted instance can resume from <see cref="Latest"/>.
/// </remarks>
public sealed class VersionedSnapshot<T>
    where T : class
{
    private Versioned<T>? _latest;

    /// <summary>The latest publication, or null before the first.</summary>
    public Versioned<T>? Latest => Volatile.Read(ref _latest);

    /// <summary>The latest version number; 0 before the first publication.</summary>
    public long Version => Latest?.Version ?? 0;

    /// <summary>Publishes <paramref name="value"/> under the next version (1, 2, …) and returns that version.</summary>
    public long Publish(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        while (true)
        {
            Versioned<T>? current = Volatile.Read(ref _latest);
            var next = new Versioned<T>((current?.Version ?? 0) + 1, value);

            // One owner publishes, so this succeeds at once; the loop keeps versions strictly increasing
            // even if that rule is broken.
            if (ReferenceEquals(Interlocked.CompareExchange(ref _latest, next, current), current))
            {
                return next.Version;
            }
        }
    }

    public bool TryGetLatest(out Versioned<T> latest)
    {
        latest = Latest!;
        return latest is not null;
    }
}
