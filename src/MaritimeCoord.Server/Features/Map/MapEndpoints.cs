using System.Text;
using MaritimeCoord.Persistence;
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
    };

    public static WebApplication MapMapEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/api/map").WithTags("Map").RequireAuthorization(Policies.AnyRole);
        group.MapGet("/layers/{name}", GetBaseLayer);
        group.MapGet("/sar-regions", GetSarRegionsAsync);
        group.MapGet("/rescue-centres", GetRescueCentresAsync);
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
}
