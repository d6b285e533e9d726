using System.Globalization;
using Hangfire;
using MaritimeCoord.Contracts.Detection;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Server.Detection;
using MaritimeCoord.Server.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Jobs;

/// <summary>
/// Reminds both centres of a handover offer still unanswered <see cref="DetectionOptions.RemindHandoverAfter"/> after
/// it was made: a timeline entry and a pushed <see cref="HandoverOfferReminded"/>, once per offer. Idempotent: the
/// reminder row (primary key = offer id) is inserted in the same transaction as the entry and the outbox message,
/// so a repeated, concurrent or interrupted run never reminds twice and never loses a reminder.
/// </summary>
public sealed class HandoverReminderJob(MaritimeDbContext db, OutboxWriter outbox, TimeProvider clock,
    IOptions<DetectionOptions> options, ILogger<HandoverReminderJob> log)
{
    public const string Id = "remind-handover-offers";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var after = options.Value.RemindHandoverAfter;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim due offers: the insert only succeeds for offers not reminded yet (a concurrent run skips them).
        var due = await db.Database.SqlQuery<Due>($"""
            WITH due AS (
                SELECT h.id FROM handover_offers h
                WHERE h.status = 'pending' AND h.proposed_at <= {now - after}
                  AND (h.expires_at IS NULL OR h.expires_at > {now})
                  AND NOT EXISTS (SELECT 1 FROM handover_reminders r WHERE r.offer_id = h.id)
                ORDER BY h.proposed_at
                FOR UPDATE OF h SKIP LOCKED),
            claimed AS (
                INSERT INTO handover_reminders (offer_id, reminded_at) SELECT id, {now} FROM due
                ON CONFLICT (offer_id) DO NOTHING RETURNING offer_id)
            SELECT h.id AS offer_id, h.incident_id AS incident_id, i.reference AS reference, h.from_centre_code AS from_centre_code,
                   h.to_centre_code AS to_centre_code, h.proposed_at AS proposed_at
            FROM claimed c JOIN handover_offers h ON h.id = c.offer_id JOIN incidents i ON i.id = h.incident_id
            """).ToListAsync(ct);
        foreach (var d in due)
        {
            var minutes = (int)Math.Floor((now - d.ProposedAt).TotalMinutes);
            db.IncidentTimeline.Add(new IncidentTimelineEntry
            {
                IncidentId = d.IncidentId, At = now, Actor = "system:" + Id, Kind = TimelineKinds.Handover,
                Summary = string.Create(CultureInfo.InvariantCulture,
                    $"Reminder: the handover offer from {d.FromCentreCode} to {d.ToCentreCode} has been unanswered for {minutes} min."),
            });
            outbox.Add(new HandoverOfferReminded(d.IncidentId, d.Reference, d.OfferId, d.FromCentreCode, d.ToCentreCode, d.ProposedAt, now));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (due.Count > 0)
        {
            log.LogInformation("Reminded {Count} unanswered handover offer(s)", due.Count);
        }
        return due.Count;
    }

    private sealed record Due(Guid OfferId, Guid IncidentId, string Reference, string FromCentreCode, string ToCentreCode, DateTimeOffset ProposedAt);
}
