namespace MaritimeCoord.Domain.Responders;

/// <summary>
/// When the snapshot of dead-reckoned positions of the nearest-responder search is rebuilt (docs/responders-performance.md,
/// "When the snapshot is rebuilt"). A rebuild reads, dead-reckons, copies and indexes every fix of the window (seconds of
/// CPU at 200,000 fixes), while what an older snapshot costs a request is small: its age only widens the search disc by
/// the band's speed × the age, and each fix written or deleted since is read as it is. So it is rebuilt when either
/// cost grows: at <see cref="MaxAge"/> (well inside the age at which the search stops using it), after
/// <see cref="MaxWritesSince"/> fixes written or deleted since, when there is none, or when a request found it unusable.
/// </summary>
/// <param name="MaxAge">Age at which a snapshot is rebuilt whatever was written.</param>
/// <param name="MaxWritesSince">Fixes written or deleted since the snapshot at which it is rebuilt.</param>
/// <param name="MinGap">Time between the starts of two rebuilds, so a bulk load does not rebuild back to back.</param>
public sealed record SnapshotRefreshRule(TimeSpan MaxAge, int MaxWritesSince, TimeSpan MinGap)
{
    /// <summary>Four minutes, 500 writes, 10 s (the search uses a snapshot up to 5 minutes old and 2,000 writes behind).</summary>
    public static SnapshotRefreshRule Default { get; } = new(TimeSpan.FromMinutes(4), 500, TimeSpan.FromSeconds(10));

    /// <summary>
    /// Whether to rebuild now: <paramref name="takenAt"/> is the current snapshot's time (null: none),
    /// <paramref name="writesSince"/> the fixes written or deleted since it (counted up to <see cref="MaxWritesSince"/>),
    /// <paramref name="lastStarted"/> when the last rebuild started (null: none yet), <paramref name="wanted"/> a request
    /// found no usable snapshot.
    /// </summary>
    public bool IsDue(DateTimeOffset now, DateTimeOffset? takenAt, int writesSince, DateTimeOffset? lastStarted, bool wanted)
    {
        if (lastStarted is { } last && now - last < MinGap) return false;
        return wanted || takenAt is not { } at || (now - at).Duration() >= MaxAge || writesSince >= MaxWritesSince;
    }
}
