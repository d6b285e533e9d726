using System.Security.Claims;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.Incidents;

using HandoverResult = Results<Ok<IncidentWorkspace>, ValidationProblem, NotFound, RefusedProblem, UnprocessableProblem>;

public sealed record ProposeHandoverRequest(string? ToCentre, [property: TextLimit(ReasonText.MaxLength)] string? Reason);

public sealed record AnswerHandoverRequest([property: TextLimit(ReasonText.MaxLength)] string? Reason);

/// <summary>
/// Handover of coordination (docs/domain.md, IAMSAR MSC.167(78) §6.5): propose → accept | decline | withdraw (| expire).
/// The pending offer row is locked (FOR UPDATE) for every answer, so an accept racing a withdraw cannot both win;
/// only acceptance changes the coordinating centre, in the same transaction that closes the offer.
/// </summary>
public static class HandoverEndpoints
{
    public static async Task<HandoverResult> ProposeAsync(Guid id, ProposeHandoverRequest request, [AsParameters] IncidentCommandServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        if (string.IsNullOrWhiteSpace(request.ToCentre)) return Problems.Field("toCentre", "toCentre is required (a rescue centre code).");
        var toCentre = request.ToCentre.Trim();
        if (!await db.RescueCentres.AnyAsync(c => c.Code == toCentre, ct))
            return Problems.Field<UnprocessableProblem>("toCentre", $"No rescue centre has the code '{toCentre}'.");

        return await StepAsync(id, user, db, outbox, (incident, state, _) =>
            Handover.Propose(state, user.ActingCentre(incident), toCentre, user.DisplayName(), request.Reason, clock.GetUtcNow()), ct);
    }

    public static Task<HandoverResult> AcceptAsync(Guid id, AnswerHandoverRequest request, [AsParameters] IncidentCommandServices s) =>
        StepAsync(id, s.User, s.Db, s.Outbox, (incident, state, _) =>
            Handover.Accept(state, s.User.CentreCode() ?? state.PendingOffer?.ToCentre ?? "", s.User.DisplayName(), request.Reason, s.Clock.GetUtcNow()), s.Ct);

    public static Task<HandoverResult> DeclineAsync(Guid id, AnswerHandoverRequest request, [AsParameters] IncidentCommandServices s) =>
        StepAsync(id, s.User, s.Db, s.Outbox, (incident, state, _) =>
            Handover.Decline(state, s.User.CentreCode() ?? state.PendingOffer?.ToCentre ?? "", s.User.DisplayName(), request.Reason, s.Clock.GetUtcNow()), s.Ct);

    public static Task<HandoverResult> WithdrawAsync(Guid id, AnswerHandoverRequest request, [AsParameters] IncidentCommandServices s) =>
        StepAsync(id, s.User, s.Db, s.Outbox, (incident, state, _) =>
            Handover.Withdraw(state, s.User.ActingCentre(incident), s.User.DisplayName(), request.Reason, s.Clock.GetUtcNow()), s.Ct);

    private static async Task<HandoverResult> StepAsync(Guid id, ClaimsPrincipal user, MaritimeDbContext db, OutboxWriter outbox,
        Func<Incident, HandoverState, HandoverOfferRecord?, Decision<HandoverStep>> decide, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var incident = await db.Incidents
            .FromSql($"SELECT *, xmin FROM incidents WHERE id = {id} FOR UPDATE")
            .VisibleTo(user, db).FirstOrDefaultAsync(ct);
        if (incident is null) return TypedResults.NotFound();
        var pending = await db.HandoverOffers.FirstOrDefaultAsync(h => h.IncidentId == id && h.Status == HandoverStatuses.Pending, ct);

        var state = new HandoverState(incident.CoordinatingCentreCode, incident.Phase, pending is null ? null : IncidentDetails.ToOffer(pending));
        var decision = decide(incident, state, pending);
        if (!decision.Succeeded) return Problems.Refused(decision.Refusal);
        var step = decision.Value;

        var stepName = step.Kind.ToString().ToLowerInvariant();
        if (step.Kind == HandoverStepKind.Proposed)
        {
            db.HandoverOffers.Add(new HandoverOfferRecord
            {
                Id = Guid.CreateVersion7(step.At), IncidentId = id, FromCentreCode = step.Offer.FromCentre, ToCentreCode = step.Offer.ToCentre,
                ProposedBy = user.Subject(), Reason = step.Offer.Reason, ProposedAt = step.At, ExpiresAt = step.Offer.ExpiresAt,
                Status = HandoverStatuses.Pending,
            });
        }
        else
        {
            pending!.Status = stepName;
            pending.DecidedBy = user.Subject();
            pending.DecidedAt = step.At;
            pending.DecisionReason = step.Reason;
        }
        // Only acceptance moves coordination, in the same transaction that closes the offer.
        incident.CoordinatingCentreCode = step.CoordinatingCentreAfter;
        db.IncidentTimeline.Add(ChangeIncident.Entry(incident, user, TimelineKinds.Handover, step.Description, step.At));
        outbox.Add(new IncidentHandoverChanged(id, incident.Reference, stepName, step.Offer.FromCentre, step.Offer.ToCentre,
            step.CoordinatingCentreAfter, user.DisplayName(), step.Reason, step.At));

        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Refused(new Refusal(RefusalCode.OfferAlreadyPending, "Another handover offer for this incident was made at the same moment."));
        }
        return TypedResults.Ok(await IncidentDetails.LoadAsync(db, id, ct));
    }
}
