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

using CommandResult = Results<Ok<IncidentWorkspace>, ValidationProblem, NotFound, RefusedProblem, ConflictProblem>;

public sealed record ChangePhaseRequest(string? Phase, string? Outcome, [property: TextLimit(ReasonText.MaxLength)] string? Reason, uint? ExpectedVersion);

public sealed record UpdatePersonsOnBoardRequest(int? Total, int? Adults, int? Minors, int? MedicalCases, int? Deceased, [property: TextLimit(ReasonText.MaxLength)] string? Reason, uint? ExpectedVersion);

public sealed record UpdateDistressIndicatorsRequest(IReadOnlyList<string>? Indicators, [property: TextLimit(ReasonText.MaxLength)] string? Reason, uint? ExpectedVersion);

/// <summary>
/// Operator commands on an incident. Each applies a pure Domain rule, appends a timeline entry (who, when, what, why)
/// and queues an event (pushed live to the coordinating centre and its handover partners) in one transaction; each takes the version the operator read, so a stale update gets 409
/// instead of silently overwriting someone else's change (xmin row version, also checked by the UPDATE itself).
/// </summary>
public static class ChangeIncident
{
    public static async Task<CommandResult> ChangePhaseAsync(Guid id, ChangePhaseRequest request, [AsParameters] IncidentCommandServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        var errors = new Dictionary<string, string[]>();
        IncidentPhase target = default;
        if (request.Phase is null || !Enum.TryParse(request.Phase, ignoreCase: true, out target) || !Enum.IsDefined(target))
            errors["phase"] = ["phase must be one of uncertainty, alert, distress, resolved, closed."];
        IncidentOutcome? outcome = null;
        if (request.Outcome is not null)
        {
            if (IncidentOutcomes.TryParse(request.Outcome, out var parsed)) outcome = parsed;
            else errors["outcome"] = [$"outcome must be one of {string.Join(", ", IncidentOutcomes.WireNames)}."];
        }
        RequireVersion(request.ExpectedVersion, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        return await CommandAsync(id, request.ExpectedVersion!.Value, user, db, incident =>
        {
            var current = new IncidentStatus(incident.Phase, IncidentOutcomes.TryParse(incident.Outcome, out var o) ? o : null);
            var now = clock.GetUtcNow();
            var decision = IncidentLifecycle.Apply(current, new PhaseChangeRequest(target, outcome, user.DisplayName(), request.Reason, now));
            if (!decision.Succeeded) return decision.Refusal;
            var transition = decision.Value;
            var previous = incident.Phase;
            incident.Phase = transition.After.Phase;
            incident.Outcome = transition.After.Outcome?.WireName();
            db.IncidentTimeline.Add(Entry(incident, user, TimelineKinds.PhaseChanged, $"{transition.Description} Reason: {request.Reason!.Trim()}", now));
            outbox.Add(new IncidentPhaseChanged(incident.Id, incident.Reference, incident.Phase.WireName(), previous.WireName(), incident.Outcome,
                user.DisplayName(), request.Reason!.Trim(), incident.CoordinatingCentreCode, [incident.CoordinatingCentreCode], now));
            return null;
        }, ct);
    }

    public static async Task<CommandResult> UpdatePersonsOnBoardAsync(Guid id, UpdatePersonsOnBoardRequest request,
        [AsParameters] IncidentCommandServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        var errors = new Dictionary<string, string[]>();
        RequireVersion(request.ExpectedVersion, errors);
        if (string.IsNullOrWhiteSpace(request.Reason)) errors["reason"] = ["reason is required: every change is logged with why."];
        var pob = PersonsOnBoard.Create(request.Total, request.Adults, request.Minors, request.MedicalCases, request.Deceased);
        if (!pob.Succeeded)
            foreach (var (field, messages) in pob.Refusal.Errors ?? new Dictionary<string, string[]> { ["total"] = [pob.Refusal.Reason] })
                errors[field] = messages;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        return await CommandAsync(id, request.ExpectedVersion!.Value, user, db, incident =>
        {
            var value = pob.Value!;
            var now = clock.GetUtcNow();
            incident.PersonsOnBoardEstimate = value.Total;
            incident.PersonsOnBoardAdults = value.Adults;
            incident.PersonsOnBoardMinors = value.Minors;
            incident.PersonsOnBoardMedical = value.MedicalCases;
            incident.PersonsOnBoardDeceased = value.Deceased;
            db.IncidentTimeline.Add(Entry(incident, user, TimelineKinds.PersonsOnBoardChanged,
                $"Persons on board: total {value.Total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}, adults {value.Adults?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, minors {value.Minors?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, medical {value.MedicalCases?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, deceased {value.Deceased?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}. Reason: {request.Reason!.Trim()}",
                now));
            outbox.Add(new IncidentPersonsOnBoardChanged(incident.Id, incident.Reference, value.Total, value.Adults, value.Minors, value.MedicalCases,
                value.Deceased, user.DisplayName(), request.Reason!.Trim(), incident.CoordinatingCentreCode, [incident.CoordinatingCentreCode], now));
            return null;
        }, ct);
    }

    public static async Task<CommandResult> UpdateDistressIndicatorsAsync(Guid id, UpdateDistressIndicatorsRequest request,
        [AsParameters] IncidentCommandServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        var errors = new Dictionary<string, string[]>();
        RequireVersion(request.ExpectedVersion, errors);
        if (string.IsNullOrWhiteSpace(request.Reason)) errors["reason"] = ["reason is required: every change is logged with why."];
        var indicators = new List<DistressIndicator>();
        foreach (var name in request.Indicators ?? [])
        {
            if (DistressIndicators.TryParse(name, out var indicator)) indicators.Add(indicator);
            else errors["indicators"] = [$"Unknown indicator '{name}'; expected any of {string.Join(", ", DistressIndicators.WireNames)}."];
        }
        if (request.Indicators is null) errors["indicators"] = ["indicators is required (an empty list clears them)."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        return await CommandAsync(id, request.ExpectedVersion!.Value, user, db, incident =>
        {
            var now = clock.GetUtcNow();
            incident.DistressIndicators = indicators.Distinct().Select(i => i.WireName()).Order(StringComparer.Ordinal).ToList();
            db.IncidentTimeline.Add(Entry(incident, user, TimelineKinds.DistressIndicatorsChanged,
                $"Distress indicators: {(indicators.Count == 0 ? "none" : string.Join(", ", incident.DistressIndicators))}. Reason: {request.Reason!.Trim()}",
                now));
            var assessment = DistressAssessment.Assess(indicators.ToHashSet(), IncidentDetails.PersonsOnBoardOf(incident), incident.Phase);
            outbox.Add(new IncidentDistressIndicatorsChanged(incident.Id, incident.Reference, incident.DistressIndicators,
                assessment.SuggestedPhase.WireName(), user.DisplayName(), request.Reason!.Trim(), incident.CoordinatingCentreCode,
                [incident.CoordinatingCentreCode], now));
            return null;
        }, ct);
    }

    /// <summary>Load (visible?), check the version, let <paramref name="apply"/> change it (or refuse), save; answer with the new detail.</summary>
    private static async Task<CommandResult> CommandAsync(Guid id, uint expectedVersion, ClaimsPrincipal user, MaritimeDbContext db,
        Func<Incident, Refusal?> apply, CancellationToken ct)
    {
        var incident = await db.FindForCommandAsync(id, user, ct);
        if (incident is null) return TypedResults.NotFound();
        if (!user.MayCoordinate(incident))
            return Problems.Refused(new Refusal(RefusalCode.NotCoordinatingCentre,
                $"Only the coordinating centre ({incident.CoordinatingCentreCode}) changes this incident."));
        if (incident.Version != expectedVersion) return Problems.Stale(incident.Version);

        if (apply(incident) is { } refusal) return Problems.Refused(refusal);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Incidents.AsNoTracking().Where(i => i.Id == id).Select(i => i.Version).SingleAsync(ct);
            return Problems.Stale(current);
        }
        return TypedResults.Ok(await IncidentDetails.LoadAsync(db, id, ct));
    }

    internal static void RequireVersion(uint? expectedVersion, Dictionary<string, string[]> errors)
    {
        if (expectedVersion is null)
            errors["expectedVersion"] = ["expectedVersion is required: send the version you read, so a stale change is refused instead of overwriting."];
    }

    internal static IncidentTimelineEntry Entry(Incident incident, ClaimsPrincipal user, string kind, string summary, DateTimeOffset at) => new()
    {
        IncidentId = incident.Id, At = at, Actor = user.Subject(), Kind = kind, Summary = summary,
    };
}
