using Hangfire;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Server.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Jobs;

/// <summary>
/// Flags open incidents whose last sighting is older than the threshold. Idempotent: an incident already flagged is
/// skipped, so a run repeated by Hangfire's at-least-once delivery adds no second timeline entry or event.
/// </summary>
public sealed class MarkStaleIncidentsJob(MaritimeDbContext db, OutboxWriter outbox, TimeProvider clock,
    IOptions<JobsOptions> options, ILogger<MarkStaleIncidentsJob> log)
{
    public const string Id = "mark-stale-incidents";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var policy = new StalePolicy(options.Value.StaleAfter);
        var cutoff = now - policy.After;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var candidates = await db.Incidents
            .FromSql($"SELECT *, xmin FROM incidents WHERE NOT is_stale AND last_sighting_at < {cutoff} FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        var stale = candidates.Where(i => policy.IsStale(i.Phase, i.LastSightingAt, now)).ToList();
        foreach (var incident in stale)
        {
            incident.IsStale = true;
            incident.StaleSince = now;
            db.IncidentTimeline.Add(new IncidentTimelineEntry
            {
                IncidentId = incident.Id,
                At = now,
                Actor = "system:" + Id,
                Kind = TimelineKinds.MarkedStale,
                Summary = $"No sighting since {incident.LastSightingAt:u} (threshold {policy.After.TotalHours:0.#} h).",
            });
            outbox.Add(new IncidentMarkedStale(incident.Id, incident.Reference, incident.LastSightingAt, incident.CoordinatingCentreCode, now));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (stale.Count > 0)
        {
            log.LogInformation("Marked {Count} incident(s) stale", stale.Count);
        }
        return stale.Count;
    }
}
