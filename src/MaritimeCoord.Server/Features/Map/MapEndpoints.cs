using System.Security.Claims;
using System.Text;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Features.Incidents;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Features.Map;

public static class MapEndpoints
{
    /// <summary>Static reference layers from samples/geo (public data: coastlines, 12 nm limits, EEZs, ports).</summary>
    private static readonly Dictionary<string, string> BaseLayers = new Dictionary<string, string>
    {
        ["coastline"] = "coastline.geojson",
        ["territorial-sea"] = "territorial-sea-12nm.geojson",
        ["eez"] = "eez.geojson",
        ["ports"] = "ports.geojson",
        ["places"] = "places.geojson",
    };

    public static WebApplication MapMapEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/api/map").WithTags("Map").RequireAuthorization(Policies.AnyRole);
        group.MapGet("/layers/{name}", GetBaseLayer).Produces<GeoJsonFeatureCollection>(StatusCodes.Status200OK, "application/geo+json");
        group.MapGet("/sar-regions", GetSarRegionsAsync).Produces<GeoJsonFeatureCollection>(StatusCodes.Status200OK, "application/geo+json");
        group.MapGet("/rescue-centres", GetRescueCentresAsync).Produces<GeoJsonFeatureCollection>(StatusCodes.Status200OK, "application/geo+json");
        group.MapGet("/responders", GetRespondersAsync).RequireAuthorization(Policies.Operational).Produces<GeoJsonFeatureCollection>(StatusCodes.Status200OK, "application/geo+json");
        return app;
    }

    private static Results<PhysicalFileHttpResult, NotFound> GetBaseLayer(string name, IOptions<SamplesOptions> samples, IWebHostEnvironment env)
    {
        if (!BaseLayers.TryGetValue(name, out var file)) return TypedResults.NotFound();
        var path = Path.Combine(Path.GetFullPath(samples.Value.GeoPath, env.ContentRootPath), file);
        return File.Exists(path) ? TypedResults.PhysicalFile(path, "application/geo+json") : TypedResults.NotFound();
    }

    // The regions as loaded in PostGIS (an operator may have replaced the samples), so the map shows what lookups use.
    private static async Task<IResult> GetSarRegionsAsync(MaritimeDbContext db, CancellationToken ct)
    {
        var json = await db.Database.SqlQuery<string>($"""
            SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(r.boundary, 4)::json,
                'properties', json_build_object('code', r.code, 'name', r.name, 'centreCode', r.rescue_centre_code,
                    'approximate', r.approximate, 'boundaryVersion', r.boundary_version, 'note', r.note,
                    'labelPoint', ST_AsGeoJSON(ST_PointOnSurface(r.boundary::geometry), 3)::json->'coordinates')) ORDER BY r.code), '[]'::json))::text AS "Value"
            FROM sar_regions r
            """).SingleAsync(ct);
        return TypedResults.Text(json, "application/geo+json", Encoding.UTF8);
    }

    private static async Task<IResult> GetRescueCentresAsync(MaritimeDbContext db, CancellationToken ct)
    {
        var json = await db.Database.SqlQuery<string>($"""
            SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(c.location, 5)::json,
                'properties', json_build_object('code', c.code, 'name', c.name, 'country', c.country, 'city', c.city)) ORDER BY c.code), '[]'::json))::text AS "Value"
            FROM rescue_centres c
            """).SingleAsync(ct);
        return TypedResults.Text(json, "application/geo+json", Encoding.UTF8);
    }

    /// <summary>
    /// Every response asset with its position, type, availability and current tasking, for the map's responders layer
    /// without opening an incident. The tasking names the incident only when the caller may see that incident (the rule
    /// of IncidentAccess.VisibleTo); otherwise the asset is shown as tasked, to an incident not disclosed.
    /// </summary>
    private static async Task<IResult> GetRespondersAsync(ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct)
    {
        var seesAll = user.SeesAllCentres();
        var centre = user.CentreCode() ?? "";
        var json = await db.Database.SqlQuery<string>($"""
            SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(a.position, 5)::json,
                'properties', json_build_object('code', a.code, 'name', a.name, 'type', a.type, 'availability', a.availability,
                    'availabilityNote', a.availability_note, 'homeBase', a.home_base, 'ownerCentreCode', a.owner_centre_code,
                    'positionAt', a.position_at, 'cruiseSpeedKnots', a.cruise_speed_knots, 'contact', a.contact,
                    'tasking', CASE WHEN a.current_incident_id IS NULL THEN NULL ELSE json_build_object(
                        'incidentId', i.id, 'incidentReference', i.reference, 'taskedAt', t.tasked_at, 'estimatedArrival', t.estimated_arrival) END))
                ORDER BY a.code), '[]'::json))::text AS "Value"
            FROM response_assets a
            LEFT JOIN incidents i ON i.id = a.current_incident_id
                AND ({seesAll} OR i.coordinating_centre_code = {centre}
                     OR EXISTS (SELECT 1 FROM handover_offers h WHERE h.incident_id = i.id AND (h.to_centre_code = {centre} OR h.from_centre_code = {centre})))
            LEFT JOIN incident_taskings t ON t.incident_id = i.id AND t.asset_code = a.code AND t.released_at IS NULL
            """).SingleAsync(ct);
        return TypedResults.Text(json, "application/geo+json", Encoding.UTF8);
    }
}
