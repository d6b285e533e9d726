using System.Security.Claims;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Geo;
using MaritimeCoord.Persistence.Spatial;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.Sightings;

public static class GetSighting
{
    /// <summary>Visible to its reporter, the coordinating centre's operators, analysts and admins; 404 to anyone else.</summary>
    public static async Task<Results<Ok<SightingResponse>, NotFound>> HandleAsync(Guid id, ClaimsPrincipal user, MaritimeDbContext db,
        CancellationToken ct)
    {
        var sighting = await db.Sightings.AsNoTracking().Include(s => s.Incident).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (sighting is null) return TypedResults.NotFound();
        var allowed = user.IsInRole(MaritimeRoles.Admin) || user.IsInRole(MaritimeRoles.Analyst)
                      || sighting.ReportedBy == user.Subject()
                      || (user.IsInRole(MaritimeRoles.Operator) && sighting.Incident!.CoordinatingCentreCode == user.CentreCode());
        if (!allowed) return TypedResults.NotFound();
        var jurisdiction = await db.ResolveAsync(new GeoPosition(sighting.Position.Y, sighting.Position.X), ct);
        var opened = await db.IncidentTimeline.AnyAsync(t => t.SightingId == id && t.Kind == Persistence.Entities.TimelineKinds.Opened, ct);
        return TypedResults.Ok(await LogSightingHandler.ToResponse(sighting, sighting.Incident!, opened, jurisdiction).WithWarningsAsync(db, ct));
    }
}
