using Hangfire;
using MaritimeCoord.Contracts.Detection;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Features.Jurisdiction;
using MaritimeCoord.Server.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Detection;

/// <summary>
/// Escalates an incident in distress that its coordinating centre has not acknowledged within
/// <see cref="DetectionOptions.EscalateAfter"/>. There is no acknowledgement concept yet: "acknowledged" means a
/// timeline entry by a person (actor not <c>system:…</c>) after the entry that moved it into distress — the timeline
/// does not record the actor's centre, so any person's entry counts. Escalated once per distress episode
/// (<c>detection_escalations</c>), so a repeated run sends nothing twice.
/// </summary>
public sealed class EscalateDistressJob(MaritimeDbContext db, OutboxWriter outbox, JurisdictionIndexProvider jurisdiction,
    TimeProvider clock, IOptions<DetectionOptions> options, ILogger<EscalateDistressJob> log)
{
    public const string Id = "escalate-distress";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - options.Value.EscalateAfter;
        var index = await jurisdiction.GetAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One run at a time across nodes and direct calls (Hangfire's DisableConcurrentExecution covers only its own
        // runs): the next run's query, a new statement, then sees this run's escalations and sends nothing twice.
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('mcoord:escalate-distress'))", ct);
        var due = await db.Database.SqlQuery<Due>($"""
            WITH distress AS (
                SELECT i.id, i.reference, i.coordinating_centre_code, ST_Y(i.last_position::geometry) AS lat, ST_X(i.last_position::geometry) AS lon,
                       (SELECT max(t.at) FROM incident_timeline t WHERE t.incident_id = i.id AND t.kind = 'phase-changed') AS since
                FROM incidents i WHERE i.phase = 'distress')
            SELECT d.id AS incident_id, d.reference AS reference, d.coordinating_centre_code AS centre_code,
                   coalesce(d.since, {now}) AS distress_since, d.lat AS latitude, d.lon AS longitude
            FROM distress d
            WHERE coalesce(d.since, {now}) < {cutoff}
              AND NOT EXISTS (SELECT 1 FROM incident_timeline t WHERE t.incident_id = d.id AND t.at > d.since AND t.actor NOT LIKE 'system:%')
              AND NOT EXISTS (SELECT 1 FROM detection_escalations e WHERE e.incident_id = d.id AND e.distress_since = d.since)
            """).ToListAsync(ct);
        foreach (var d in due)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO detection_escalations (incident_id, distress_since, escalated_at) VALUES ({d.IncidentId}, {d.DistressSince}, {now})
                ON CONFLICT (incident_id) DO UPDATE SET distress_since = excluded.distress_since, escalated_at = excluded.escalated_at
                """, ct);
            var j = index.Resolve(new GeoPosition(d.Latitude, d.Longitude));
            var centres = new[] { d.CentreCode }.Concat(j.Region is { } r ? [r.CentreCode] : []).Concat(j.Neighbours.Select(n => n.CentreCode))
                .Distinct(StringComparer.Ordinal).ToList();
            outbox.Add(new IncidentEscalated(d.IncidentId, d.Reference, d.CentreCode, d.DistressSince, now, centres));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (due.Count > 0)
        {
            log.LogInformation("Escalated {Count} unacknowledged distress incident(s)", due.Count);
        }
        return due.Count;
    }

    private sealed record Due(Guid IncidentId, string Reference, string CentreCode, DateTimeOffset DistressSince, double Latitude, double Longitude);
}
