using System.Security.Claims;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.PersonalData;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.PersonalData;
using MaritimeCoord.Server.Features.Incidents;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.PersonalData;

public sealed record GrantRequest(Guid? IncidentId, string? Grantee, string? Purpose, DateTimeOffset? ExpiresAt,
    [property: TextLimit(MaritimeCoord.Domain.Incidents.ReasonText.MaxLength)] string? Reason);

public sealed record RevokeGrantRequest([property: TextLimit(MaritimeCoord.Domain.Incidents.ReasonText.MaxLength)] string? Reason);

public sealed record GrantDto(Guid Id, Guid IncidentId, string Grantee, string Purpose, string Reason, string GrantedBy, DateTimeOffset GrantedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy, bool Active);

public sealed record AccessLogDto(DateTimeOffset At, string Actor, string Action, Guid? IncidentId, Guid? PersonId, Guid? GrantId, string? Purpose,
    string Outcome, string? Detail);

/// <summary>
/// Grants (<c>/api/personal-data/grants</c>): an administrator, or a supervisor of the centre coordinating the incident
/// (an operator of that centre may not: opening a person's data is a supervisor's decision), opens one incident's
/// persons to one user for one purpose until a time. Never to oneself. Every grant and revocation is in the access log.
/// </summary>
public static class GrantEndpoints
{
    public static async Task<Results<Created<GrantDto>, ValidationProblem, NotFound, ForbiddenProblem>> GrantAsync(GrantRequest request, GrantLimits limits, [AsParameters] GrantServices services)
    {
        var (user, db, store, clock, ct) = services;
        var now = clock.GetUtcNow();
        var actor = user.Subject();
        var errors = GrantRules.Validate(new AccessGrantDraft(request.IncidentId, request.Grantee, request.Purpose, request.ExpiresAt, request.Reason),
            actor, now, limits);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The grant is not valid.");
        var incidentId = request.IncidentId!.Value;
        var (visible, forbidden) = await MayManageAsync(incidentId, user, db, granting: true, ct);
        if (!visible) return TypedResults.NotFound();
        if (forbidden is not null) return forbidden;

        _ = PersonalDataPurposes.TryParse(request.Purpose, out var purpose);
        var grant = new AccessGrant(Guid.NewGuid(), incidentId, request.Grantee!.Trim(), purpose, actor, now, request.ExpiresAt!.Value);
        var reason = request.Reason!.Trim();
        await using var session = await store.BeginAsync(ct);
        await session.InsertGrantAsync(grant, reason, ct);
        await session.LogAsync(new AccessLogEntry(now, actor, AccessActions.Grant, incidentId, null, grant.Id, purpose.WireName(), "granted",
            $"to {grant.Grantee} until {grant.ExpiresAt:O}: {reason}"), ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/personal-data/grants/{grant.Id}", ToDto(new StoredGrant(grant, reason, null), now));
    }

    public static async Task<Results<Ok<List<GrantDto>>, ValidationProblem, NotFound>> ListAsync([AsParameters] GrantServices services, Guid? incidentId = null)
    {
        var (user, db, store, clock, ct) = services;
        if (incidentId is not { } id) return Problems.Field("incidentId", "incidentId is required.");
        if (!await db.Incidents.AsNoTracking().VisibleTo(user, db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
        await using var session = await store.BeginAsync(ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok((await session.GrantsAsync(id, null, ct)).Select(g => ToDto(g, now)).ToList());
    }

    public static async Task<Results<Ok<GrantDto>, ValidationProblem, NotFound, ForbiddenProblem, ConflictProblem>> RevokeAsync(Guid grantId, RevokeGrantRequest request, [AsParameters] GrantServices services)
    {
        var (user, db, store, clock, ct) = services;
        if (string.IsNullOrWhiteSpace(request.Reason)) return Problems.Field("reason", "reason is required.");
        await using var session = await store.BeginAsync(ct);
        var stored = await session.GrantAsync(grantId, ct);
        if (stored is null) return TypedResults.NotFound();
        var (visible, forbidden) = await MayManageAsync(stored.Grant.IncidentId, user, db, granting: false, ct);
        if (!visible) return TypedResults.NotFound();
        if (forbidden is not null) return forbidden;
        var now = clock.GetUtcNow();
        var actor = user.Subject();
        if (!await session.RevokeGrantAsync(grantId, actor, now, ct))
            return ConflictProblem.Wrap(TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The grant is already revoked.",
                extensions: new Dictionary<string, object?> { ["code"] = "already-revoked" }));
        await session.LogAsync(new AccessLogEntry(now, actor, AccessActions.Revoke, stored.Grant.IncidentId, null, grantId,
            stored.Grant.Purpose.WireName(), "revoked", request.Reason.Trim()), ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(ToDto(stored with { Grant = stored.Grant with { RevokedAt = now }, RevokedBy = actor }, now));
    }

    public static async Task<Results<Ok<List<AccessLogDto>>, ValidationProblem>> AccessLogAsync(PersonalDataStore store, CancellationToken ct, Guid? incidentId = null, int limit = 500)
    {
        if (incidentId is not { } id) return Problems.Field("incidentId", "incidentId is required.");
        if (limit is < 1 or > 5000) return Problems.Field("limit", "limit is between 1 and 5000.");
        await using var session = await store.BeginAsync(ct);
        return TypedResults.Ok((await session.LogAsync(id, limit, ct))
            .Select(e => new AccessLogDto(e.At, e.Actor, e.Action, e.IncidentId, e.PersonId, e.GrantId, e.Purpose, e.Outcome, e.Detail)).ToList());
    }

    /// <summary>Not visible (404) when the caller may not see the incident; forbidden (403) when they see it but do not
    /// coordinate it. Granting opens data: supervisors and admins only. Revoking closes it: any operator of the
    /// coordinating centre too.</summary>
    private static async Task<(bool Visible, ForbiddenProblem? Forbidden)> MayManageAsync(Guid incidentId, ClaimsPrincipal user, MaritimeDbContext db,
        bool granting, CancellationToken ct)
    {
        var incident = await db.Incidents.AsNoTracking().VisibleTo(user, db).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null) return (false, null);
        if (!user.MayCoordinate(incident))
            return (true, ForbiddenProblem.Wrap(TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the coordinating centre's supervisor or an administrator grants access.",
                detail: $"{incident.CoordinatingCentreCode} coordinates this incident.", extensions: new Dictionary<string, object?> { ["code"] = "not-coordinating-centre" })));
        if (granting && !user.IsInRole(MaritimeRoles.Admin) && !user.IsInRole(MaritimeRoles.Supervisor))
            return (true, ForbiddenProblem.Wrap(TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the coordinating centre's supervisor or an administrator grants access.",
                detail: $"Ask a supervisor of {incident.CoordinatingCentreCode}.", extensions: new Dictionary<string, object?> { ["code"] = "not-a-supervisor" })));
        return (true, null);
    }

    private static GrantDto ToDto(StoredGrant g, DateTimeOffset now) => new(g.Grant.Id, g.Grant.IncidentId, g.Grant.Grantee, g.Grant.Purpose.WireName(),
        g.Reason, g.Grant.GrantedBy, g.Grant.GrantedAt, g.Grant.ExpiresAt, g.Grant.RevokedAt, g.RevokedBy, g.Grant.IsActiveAt(now));
}
