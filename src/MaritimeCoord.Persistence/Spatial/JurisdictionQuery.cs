using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Jurisdiction;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Persistence.Spatial;

/// <summary>Jurisdiction computed in PostGIS on geography (ellipsoidal metres, antimeridian-safe).</summary>
public static class JurisdictionQuery
{
    public static async Task<JurisdictionResult> ResolveAsync(this MaritimeDbContext db, GeoPosition position, CancellationToken ct)
    {
        var margin = JurisdictionRules.BoundaryMarginMetres;
        // ST_DWithin uses the GiST index on boundary; ST_Covers (not ST_Contains: it does not exist for geography) decides
        // membership. The edge distance goes through geometry only to take ST_Boundary, then back to geography for metres.
        var rows = await db.Database.SqlQuery<RegionProximityRow>($"""
            WITH p AS (SELECT ST_SetSRID(ST_MakePoint({position.Longitude}, {position.Latitude}), 4326)::geography AS g)
            SELECT r.code AS region_code, r.name AS region_name, c.code AS centre_code, c.name AS centre_name,
                   r.boundary_version, r.approximate,
                   ST_Covers(r.boundary, p.g) AS covers,
                   ST_Distance(ST_Boundary(r.boundary::geometry)::geography, p.g) AS edge_distance_metres
            FROM sar_regions r JOIN rescue_centres c ON c.code = r.rescue_centre_code, p
            WHERE ST_DWithin(r.boundary, p.g, {margin})
            """).ToListAsync(ct);
        return JurisdictionRules.Resolve(position, rows.Select(r => new RegionProximity(
            r.RegionCode, r.RegionName, r.CentreCode, r.CentreName, r.BoundaryVersion, r.Approximate, r.Covers, r.EdgeDistanceMetres)));
    }

    private sealed record RegionProximityRow(
        string RegionCode, string RegionName, string CentreCode, string CentreName,
        string BoundaryVersion, bool Approximate, bool Covers, double EdgeDistanceMetres);
}
