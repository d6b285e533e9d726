namespace MaritimeCoord.Domain.Retention;

/// <summary>How long each class of data is kept (docs/domain.md, personal data: "expire it"; issue 6: personal data much shorter).</summary>
public sealed record RetentionPeriods(TimeSpan Positions, TimeSpan? Sightings, TimeSpan PersonalData)
{
    /// <summary>
    /// Positions: a year of AIS is what pattern-of-life analysis looks back over. Sightings: kept (they are the record of
    /// an incident) unless configured. Personal data: 30 days covers rescue, disembarkation and hand-over to the
    /// receiving authorities; after that it is someone else's record to keep, not this system's.
    /// </summary>
    public static RetentionPeriods Default { get; } = new(TimeSpan.FromDays(365), null, TimeSpan.FromDays(30));

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Positions < TimeSpan.FromDays(1)) errors["Retention:Positions"] = ["Positions are kept at least one day (partitions are days)."];
        if (Sightings is { } s && s < TimeSpan.FromDays(1)) errors["Retention:Sightings"] = ["Sightings are kept at least one day."];
        if (PersonalData <= TimeSpan.Zero) errors["Retention:PersonalData"] = ["PersonalData must be positive."];
        return errors;
    }
}

public static class RetentionRules
{
    /// <summary>Data observed before this instant is past its retention.</summary>
    public static DateTimeOffset Cutoff(DateTimeOffset now, TimeSpan retainFor) => now - retainFor;

    /// <summary>
    /// The daily partitions that hold only expired rows: a day is dropped only when its whole range [day, day+1) lies
    /// before the cut-off, so no row younger than the retention is ever removed with it.
    /// </summary>
    public static IReadOnlyList<DateOnly> PartitionsToDrop(IEnumerable<DateOnly> partitionDays, DateTimeOffset now, TimeSpan retainFor)
    {
        var cutoff = Cutoff(now, retainFor).UtcDateTime;
        return partitionDays.Where(d => d.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) <= cutoff).Order().ToList();
    }

    /// <summary>When a person's record expires, counted from when it was recorded.</summary>
    public static DateTimeOffset PersonalDataExpiry(DateTimeOffset recordedAt, TimeSpan retainFor) => recordedAt + retainFor;
}
