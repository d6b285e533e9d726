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
    int SightingCount);

public sealed record TimelineEntryDto(DateTimeOffset At, string Actor, string Kind, string Summary, Guid? SightingId);

public sealed record SightingSummary(Guid Id, DateTimeOffset ObservedAt, double Latitude, double Longitude, string? PositionText,
    string BoatDescription, int? PersonsOnBoard, string Condition, string Reporter);

public sealed record IncidentDetail(IncidentSummary Incident, IReadOnlyList<SightingSummary> Sightings, IReadOnlyList<TimelineEntryDto> Timeline);

public static class IncidentEndpoints
{
    public static WebApplication MapIncidentEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/api/incidents").WithTags("Incidents").RequireAuthorization(Policies.ReadIncidents);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync);
        return app;
    }

    /// <summary>Operators see the incidents their centre coordinates; analysts and admins see all.</summary>
    private static IQueryable<Incident> Visible(this IQueryable<Incident> incidents, ClaimsPrincipal user)
    {
        if (user.IsInRole(MaritimeRoles.Admin) || user.IsInRole(MaritimeRoles.Analyst)) return incidents;
        var centre = user.CentreCode();
        return incidents.Where(i => i.CoordinatingCentreCode == centre);
    }

    private static async Task<Ok<List<IncidentSummary>>> ListAsync(ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct,
        bool includeClosed = false)
    {
        var query = db.Incidents.AsNoTracking().Visible(user);
        if (!includeClosed) query = query.Where(i => i.Phase != IncidentPhase.Closed && i.Phase != IncidentPhase.Resolved);
        var rows = await query.OrderByDescending(i => i.LastSightingAt).Take(500)
            .Select(i => new { Incident = i, Count = i.Sightings.Count }).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => ToSummary(r.Incident, r.Count)).ToList());
    }

    private static async Task<Results<Ok<IncidentDetail>, NotFound>> GetAsync(Guid id, ClaimsPrincipal user, MaritimeDbContext db,
        CancellationToken ct)
    {
        var incident = await db.Incidents.AsNoTracking().Visible(user).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return TypedResults.NotFound();
        // Map after loading: Point.X/Y would translate to ST_X/ST_Y, which PostGIS has for geometry only, not geography.
        var sightings = (await db.Sightings.AsNoTracking().Where(s => s.IncidentId == id).OrderBy(s => s.ObservedAt).ToListAsync(ct))
            .Select(s => new SightingSummary(s.Id, s.ObservedAt, s.Position.Y, s.Position.X, s.PositionText, s.BoatDescription,
                s.PersonsOnBoard, s.Condition, s.Reporter)).ToList();
        var timeline = await db.IncidentTimeline.AsNoTracking().Where(t => t.IncidentId == id).OrderBy(t => t.Id)
            .Select(t => new TimelineEntryDto(t.At, t.Actor, t.Kind, t.Summary, t.SightingId)).ToListAsync(ct);
        return TypedResults.Ok(new IncidentDetail(ToSummary(incident, sightings.Count), sightings, timeline));
    }

    private static IncidentSummary ToSummary(Incident i, int sightingCount) => new(
        i.Id, i.Reference, i.Phase.WireName(), i.LastPosition.Y, i.LastPosition.X, i.PersonsOnBoardEstimate, i.OpenedAt,
        i.LastSightingAt, i.IsStale, i.SarRegionCode, i.CoordinatingCentreCode, sightingCount);
}
