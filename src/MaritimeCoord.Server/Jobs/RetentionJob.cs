using Hangfire;
using MaritimeCoord.Domain.Retention;
using MaritimeCoord.Persistence.PersonalData;
using MaritimeCoord.Persistence.Retention;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Jobs;

public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>AIS positions: whole days (partitions) older than this are dropped.</summary>
    public TimeSpan Positions { get; set; } = RetentionPeriods.Default.Positions;

    /// <summary>Sightings of finished incidents; unset keeps them (they are the incident's record).</summary>
    public TimeSpan? Sightings { get; set; } = RetentionPeriods.Default.Sightings;

    /// <summary>Personal data of people on board, counted from when it was recorded: much shorter than the rest.</summary>
    public TimeSpan PersonalData { get; set; } = RetentionPeriods.Default.PersonalData;

    /// <summary>Cron of the retention job (Hangfire; 6-field with seconds accepted).</summary>
    public string Cron { get; set; } = "*/10 * * * *";

    /// <summary>Rows per short delete transaction (sightings, personal data).</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>How long a partition detach may wait for a lock before it gives up until the next run.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public RetentionPeriods Periods => new(Positions, Sightings, PersonalData);
}

public sealed record RetentionReport(int PersonsExpired, IReadOnlyList<string> PartitionsDropped, int SightingsDeleted);

/// <summary>
/// Recurring: applies the retention of each data class (docs/personal-data.md, docs/analytics.md). Personal data first
/// (the shortest and most sensitive), then AIS partitions, then sightings. Each step is idempotent and short-locking, so
/// a run that fails half-way is simply completed by the next.
/// </summary>
public sealed class RetentionJob(PersonalDataStore personalData, AisPartitionRetention partitions, SightingRetention sightings,
    IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionJob> log)
{
    public const string Id = "retention";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<RetentionReport> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var errors = o.Periods.Validate();
        if (errors.Count > 0) throw new InvalidOperationException(string.Join(" ", errors.SelectMany(e => e.Value)));
        var now = clock.GetUtcNow();

        var persons = await personalData.ExpireAsync(now, o.BatchSize, ct);
        var dropped = await partitions.DropExpiredAsync(now, o.Positions, o.LockTimeout, ct);
        var sightingsDeleted = o.Sightings is { } keep ? await sightings.DeleteExpiredAsync(RetentionRules.Cutoff(now, keep), o.BatchSize, ct) : 0;
        if (persons + dropped.Count + sightingsDeleted > 0)
            log.LogInformation("Retention: {Persons} person records expired, {Partitions} position partitions dropped ({Names}), {Sightings} sightings deleted",
                persons, dropped.Count, string.Join(", ", dropped), sightingsDeleted);
        return new RetentionReport(persons, dropped, sightingsDeleted);
    }
}
