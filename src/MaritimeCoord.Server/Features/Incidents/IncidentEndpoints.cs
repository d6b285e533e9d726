using System.Security.Claims;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.Incidents;

public sealed record IncidentSummary(
    Guid Id, string Reference, string Phase, double Latitude, double Longitude, int? PersonsOnBoard,
    DateTimeOffset OpenedAt, DateTimeOffset LastSightingAt, bool IsStale, string? SarRegionCode, string CoordinatingCentreCode,
    int SightingCount, PendingHandoverDto? PendingHandover, IReadOnlyList<string>? PossiblySameAs = null);

/// <summary>The pending handover offer of an incident, in the list, so a console can badge "offered to you" without loading every workspace.</summary>
public sealed record PendingHandoverDto(string FromCentreCode, string ToCentreCode, DateTimeOffset? ExpiresAt);

public sealed record TimelineEntryDto(DateTimeOffset At, string Actor, string Kind, string Summary, Guid? SightingId);

public sealed record SightingSummary(Guid Id, DateTimeOffset ObservedAt, double Latitude, double Longitude, string? PositionText,
    string BoatDescription, int? PersonsOnBoard, string Condition, string Reporter, double? PositionUncertaintyNm)
{
    /// <summary>Position flags to check (on land, 0°N 0°E), as in the answer to the liaison officer who logged it.</summary>
    public IReadOnlyList<MaritimeCoord.Domain.Sightings.PositionWarning> Warnings { get; init; } = [];
}


public static class IncidentEndpoints
{
    public static WebApplication MapIncidentEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/api/incidents").WithTags("Incidents").RequireAuthorization(Policies.ReadIncidents);
        group.MapGet("/", ListAsync).ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:guid}", GetAsync);

        var commands = app.MapGroup("/api/incidents/{id:guid}").WithTags("Incidents").RequireAuthorization(Policies.Operational).WithBoundedText();
        // Typed results: each handler's Results<…> names its answers (IncidentWorkspace, 400 per field, 404, 409/422 refused or stale).
        commands.MapPost("/phase", ChangeIncident.ChangePhaseAsync);
        commands.MapPut("/persons-on-board", ChangeIncident.UpdatePersonsOnBoardAsync);
        commands.MapPut("/distress-indicators", ChangeIncident.UpdateDistressIndicatorsAsync);
        commands.MapPost("/handover", HandoverEndpoints.ProposeAsync);
        commands.MapPost("/handover/accept", HandoverEndpoints.AcceptAsync);
        commands.MapPost("/handover/decline", HandoverEndpoints.DeclineAsync);
        commands.MapPost("/handover/withdraw", HandoverEndpoints.WithdrawAsync);
        commands.MapGet("/responders", ResponderEndpoints.RankAsync);
        commands.MapPost("/taskings", ResponderEndpoints.TaskAsync);
        commands.MapPost("/merge", MergeSplitEndpoints.MergeAsync);
        commands.MapPost("/sightings/{sightingId:guid}/split", MergeSplitEndpoints.SplitAsync);
        // A SITREP is JSON or text/plain by ?format=: the result type is chosen at run time, so the answer is declared here.
        group.MapGet("/{id:guid}/sitrep", SitrepEndpoints.DraftAsync).Produces<Domain.Sitreps.Sitrep>(StatusCodes.Status200OK, "application/json", "text/plain")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        commands.MapPost("/sitreps", SitrepEndpoints.IssueAsync);
        group.MapGet("/{id:guid}/sitreps/{number:int}", SitrepEndpoints.GetAsync).Produces<Domain.Sitreps.Sitrep>(StatusCodes.Status200OK, "application/json", "text/plain")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<List<IncidentSummary>>> ListAsync(ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct,
        bool includeClosed = false)
    {
        var query = db.Incidents.AsNoTracking().VisibleTo(user, db);
        if (!includeClosed) query = query.Where(i => i.Phase != IncidentPhase.Closed && i.Phase != IncidentPhase.Resolved);
        var rows = await query.OrderByDescending(i => i.LastSightingAt).Take(500)
            .Select(i => new
            {
                Incident = i,
                Count = i.Sightings.Count,
                // At most one pending offer per incident (partial unique index ux_handover_offers_one_pending).
                Pending = db.HandoverOffers.Where(h => h.IncidentId == i.Id && h.Status == HandoverStatuses.Pending)
                    .Select(h => new PendingHandoverDto(h.FromCentreCode, h.ToCentreCode, h.ExpiresAt)).FirstOrDefault(),
            }).ToListAsync(ct);
        var flags = await IncidentLinks.OpenFlagsAsync(db, [.. rows.Select(r => r.Incident.Id)], ct);
        return TypedResults.Ok(rows.Select(r => ToSummary(r.Incident, r.Count, r.Pending, flags.GetValueOrDefault(r.Incident.Id))).ToList());
    }

    private static async Task<Results<Ok<IncidentWorkspace>, NotFound>> GetAsync(Guid id, ClaimsPrincipal user, MaritimeDbContext db,
        HttpContext http, CancellationToken ct)
    {
        if (!await db.Incidents.AsNoTracking().VisibleTo(user, db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
        var workspace = await IncidentDetails.LoadAsync(db, id, ct);
        http.Response.Headers.ETag = $"\"{workspace.Version}\"";
        return TypedResults.Ok(workspace);
    }

    internal static IncidentSummary ToSummary(Incident i, int sightingCount, PendingHandoverDto? pendingHandover,
        IReadOnlyList<string>? possiblySameAs = null) => new(
        i.Id, i.Reference, i.Phase.WireName(), i.LastPosition.Y, i.LastPosition.X, i.PersonsOnBoardEstimate, i.OpenedAt,
        i.LastSightingAt, i.IsStale, i.SarRegionCode, i.CoordinatingCentreCode, sightingCount, pendingHandover, possiblySameAs ?? []);
}
