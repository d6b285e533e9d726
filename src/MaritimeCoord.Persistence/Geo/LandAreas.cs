using System.Text.Json;
using MaritimeCoord.Domain.Geo;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Persistence.Geo;

/// <summary>
/// The question "is this position on land?" against the land polygons in PostGIS (table land_areas). A position counts
/// as on land when a land polygon covers it and it is more than <see cref="CoastToleranceMetres"/> from that polygon's
/// edge: the 1:50m coastline is generalised by up to about a kilometre, so a boat close inshore must not be flagged.
/// </summary>
public static class LandAreaQueries
{
    /// <summary>Half a nautical mile.</summary>
    public const double CoastToleranceMetres = 926;

    public static async Task<bool> IsOnLandAsync(this MaritimeDbContext db, GeoPosition position, CancellationToken ct) =>
        await db.Database.SqlQuery<bool>($"""
            WITH p AS (SELECT ST_SetSRID(ST_MakePoint({position.Longitude}, {position.Latitude}), 4326) AS g)
            SELECT EXISTS (
                SELECT 1 FROM land_areas l, p
                WHERE ST_Covers(l.area, p.g)
                  AND NOT ST_DWithin(ST_Boundary(l.area)::geography, p.g::geography, {CoastToleranceMetres})) AS "Value"
            """).SingleAsync(ct);

    /// <summary>The sightings of an incident whose position is on land.</summary>
    public static async Task<HashSet<Guid>> SightingsOnLandAsync(this MaritimeDbContext db, Guid incidentId, CancellationToken ct) =>
        (await db.Database.SqlQuery<Guid>($"""
            SELECT s.id AS "Value" FROM sightings s
            WHERE s.incident_id = {incidentId} AND EXISTS (
                SELECT 1 FROM land_areas l
                WHERE ST_Covers(l.area, s.position::geometry)
                  AND NOT ST_DWithin(ST_Boundary(l.area)::geography, s.position, {CoastToleranceMetres}))
            """).ToListAsync(ct)).ToHashSet();
}

/// <summary>Loads the land polygons (samples/geo/coastline.geojson at startup on an empty table).</summary>
public sealed class LandAreaLoader(MaritimeDbContext db, TimeProvider clock)
{

    /// <summary>Replaces the land polygons with those of a GeoJSON FeatureCollection (Polygon/MultiPolygon features).</summary>
    public async Task<int> LoadAsync(Stream geoJson, string source, CancellationToken ct)
    {
        using var document = await JsonDocument.ParseAsync(geoJson, cancellationToken: ct);
        var geometries = document.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("geometry").GetRawText()).ToList();
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"DELETE FROM land_areas", ct);
        var count = 0;
        foreach (var geometry in geometries)
        {
            // Rounded source coordinates can self-touch: repair, keep the polygons, one row each (smaller index boxes).
            count += await db.Database.ExecuteSqlAsync($"""
                INSERT INTO land_areas (area, source, loaded_at)
                SELECT (ST_Dump(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON({geometry}), 4326)), 3))).geom, {source}, {now}
                """, ct);
        }
        await tx.CommitAsync(ct);
        return count;
    }
}
