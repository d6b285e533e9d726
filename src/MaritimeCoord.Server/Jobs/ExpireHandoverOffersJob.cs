using Hangfire;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Server.Features.Incidents;
using MaritimeCoord.Server.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Jobs;

/// <summary>
/// Ends handover offers left unanswered past their lifetime (Handover.Expire): the proposer keeps coordinating, both
/// centres are told. Idempotent: an offer no longer pending is not touched again.
/// </summary>
public sealed class ExpireHandoverOffersJob(MaritimeDbContext db, OutboxWriter outbox, TimeProvider clock)
{
    public const string Id = "expire-handover-offers";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.HandoverOffers
            .FromSql($"SELECT * FROM handover_offers WHERE status = 'pending' AND expires_at <= {now} FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        var expired = 0;
        foreach (var offer in due)
        {
            var incident = await db.Incidents.SingleAsync(i => i.Id == offer.IncidentId, ct);
            var decision = Handover.Expire(new HandoverState(incident.CoordinatingCentreCode, incident.Phase, IncidentDetails.ToOffer(offer)), now);
            if (!decision.Succeeded) continue;
            offer.Status = "expired";
            offer.DecidedBy = "system:" + Id;
            offer.DecidedAt = now;
            db.IncidentTimeline.Add(new IncidentTimelineEntry
            {
                IncidentId = incident.Id, At = now, Actor = "system:" + Id, Kind = TimelineKinds.Handover, Summary = decision.Value.Description,
            });
            outbox.Add(new IncidentHandoverChanged(incident.Id, incident.Reference, "expired", offer.FromCentreCode, offer.ToCentreCode,
                incident.CoordinatingCentreCode, "system", null, now));
            expired++;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return expired;
    }
}
