using System.Security.Claims;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.Incidents;

/// <summary>
/// Who may see and who may change an incident: analysts and admins see all; an operator sees the incidents their
/// centre coordinates and those it was offered or handed over (handover partners share the incident). Only the
/// coordinating centre's operators (or an admin) change it. Anything else is answered 404, not 403, so the
/// existence of another centre's incident is not disclosed.
/// </summary>
public static class IncidentAccess
{
    public static IQueryable<Incident> VisibleTo(this IQueryable<Incident> incidents, ClaimsPrincipal user, MaritimeDbContext db)
    {
        if (user.SeesAllCentres()) return incidents;
        var centre = user.CentreCode();
        return incidents.Where(i => i.CoordinatingCentreCode == centre
                                    || db.HandoverOffers.Any(h => h.IncidentId == i.Id && (h.ToCentreCode == centre || h.FromCentreCode == centre)));
    }

    /// <summary>Admins and analysts see every centre's incidents (the SQL of ResponderCandidates applies the same rule).</summary>
    public static bool SeesAllCentres(this ClaimsPrincipal user) => user.IsInRole(MaritimeRoles.Admin) || user.IsInRole(MaritimeRoles.Analyst);

    public static bool MayCoordinate(this ClaimsPrincipal user, Incident incident) =>
        user.IsInRole(MaritimeRoles.Admin)
        || (user.IsInRole(MaritimeRoles.Operator) && string.Equals(user.CentreCode(), incident.CoordinatingCentreCode, StringComparison.Ordinal));

    /// <summary>Loads an incident for a change by the caller: null when they may not see it (→ 404).</summary>
    public static Task<Incident?> FindForCommandAsync(this MaritimeDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct) =>
        db.Incidents.VisibleTo(user, db).FirstOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>The centre the caller acts for: their own, or the coordinating one for an admin without a centre.</summary>
    public static string ActingCentre(this ClaimsPrincipal user, Incident incident) => user.CentreCode() ?? incident.CoordinatingCentreCode;
}
