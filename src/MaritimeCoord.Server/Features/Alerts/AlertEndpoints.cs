using System.Security.Claims;
using System.Text;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Alerts;
using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Detection;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.IO;

namespace MaritimeCoord.Server.Features.Alerts;

/// <summary>An alert rule as posted; <see cref="Centre"/> only for an admin acting for a centre.</summary>
public sealed record CreateAlertRuleRequest(string? Centre, string[]? Kinds, string? Area, string? RegionCode, Guid? ZoneId, double[]? Bbox, string? MinSeverity);

/// <summary>A watch zone as posted: a closed ring of [lon, lat] positions.</summary>
public sealed record CreateWatchZoneRequest(string? Centre, string? Name, double[][]? Polygon);

/// <summary>
/// Alert rules and watch zones of a centre, managed by its operators (and admins, for any centre): list, create,
/// delete. Bounded: <see cref="AlertMatcher.MaxRulesPerCentre"/> rules and <see cref="WatchStore.MaxZonesPerCentre"/>
/// zones per centre, <see cref="WatchStore.MaxZonesTotal"/> zones in all (409 past a cap). Another centre's rule or
/// zone is 404 (its existence is not disclosed).
/// </summary>
public static class AlertEndpoints
{
    public static WebApplication MapAlertEndpoints(this WebApplication app)
    {
        var rules = app.MapGroup("/api/alert-rules").WithTags("Alerts").RequireAuthorization(Policies.Operational).WithBoundedText();
        rules.MapGet("/", ListRulesAsync).Produces<List<AlertRuleDoc>>().ProducesProblems(StatusCodes.Status400BadRequest);
        rules.MapPost("/", CreateRuleAsync).Produces<AlertRuleDoc>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        rules.MapDelete("/{id:guid}", DeleteRuleAsync).Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status404NotFound);
        var zones = app.MapGroup("/api/watch-zones").WithTags("Alerts").RequireAuthorization(Policies.Operational).WithBoundedText();
        zones.MapGet("/", ListZonesAsync).Produces<List<WatchZoneDoc>>().ProducesProblems(StatusCodes.Status400BadRequest);
        zones.MapPost("/", CreateZoneAsync).Produces<WatchZoneDoc>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        zones.MapDelete("/{id:guid}", DeleteZoneAsync).Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status404NotFound);
        return app;
    }

    private static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole(MaritimeRoles.Admin);

    // The centre a request acts for: an operator's own; an admin's named one (or their own claim).
    private static async Task<(string? Centre, IResult? Problem)> ActingCentreAsync(ClaimsPrincipal user, string? requested, MaritimeDbContext db, CancellationToken ct)
    {
        if (!IsAdmin(user))
        {
            var own = user.CentreCode();
            if (own is null) return (null, Problems.Field("centre", "Your token names no rescue centre.", StatusCodes.Status403Forbidden));
            if (requested is not null && !string.Equals(requested, own, StringComparison.Ordinal))
                return (null, Problems.Field("centre", "Operators manage their own centre's rules and zones only.", StatusCodes.Status403Forbidden));
            return (own, null);
        }
        var centre = requested ?? user.CentreCode();
        if (centre is null) return (null, Problems.Field("centre", "Required for an admin: the rescue centre code, e.g. JRCC-AUS."));
        if (!await db.RescueCentres.AnyAsync(c => c.Code == centre, ct)) return (null, Problems.Field("centre", $"No rescue centre '{centre}'."));
        return (centre, null);
    }

    private static string? Scope(ClaimsPrincipal user, string? centre) => IsAdmin(user) ? centre : user.CentreCode() ?? "\u0000";

    private static async Task<IResult> ListRulesAsync(ClaimsPrincipal user, MaritimeDbContext db, string? centre, CancellationToken ct)
    {
        var rules = await WatchStore.RulesAsync(db, Scope(user, centre), ct);
        return TypedResults.Ok(rules.Select(ToJson));
    }

    private static object ToJson(AlertRule r) => new
    {
        id = r.Id,
        centre = r.CentreCode,
        kinds = r.Kinds.Select(DetectionEvent.WireName).Order(StringComparer.Ordinal),
        area = r.Area.Kind switch { AlertAreaKind.SarRegion => "sar-region", AlertAreaKind.Zone => "zone", AlertAreaKind.Bbox => "bbox", _ => "anywhere" },
        regionCode = r.Area.Kind == AlertAreaKind.SarRegion ? r.Area.Code : null,
        zoneId = r.Area.Kind == AlertAreaKind.Zone && r.Area.Code is { } z ? Guid.ParseExact(z["zone:".Length..], "N") : (Guid?)null,
        bbox = r.Area.Kind == AlertAreaKind.Bbox ? new[] { r.Area.MinLon, r.Area.MinLat, r.Area.MaxLon, r.Area.MaxLat } : null,
        minSeverity = AlertSeverities.WireName(r.MinSeverity),
    };

    private static async Task<IResult> CreateRuleAsync(CreateAlertRuleRequest request, ClaimsPrincipal user, MaritimeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (centre, problem) = await ActingCentreAsync(user, request.Centre, db, ct);
        if (problem is not null) return problem;
        var regionCodes = await db.SarRegions.Select(r => r.Code).ToListAsync(ct);
        var errors = AlertRuleValidation.Validate(
            new AlertRuleInput(request.Kinds, request.Area, request.RegionCode, request.ZoneId?.ToString("N"), request.Bbox, request.MinSeverity),
            code => regionCodes.Contains(code, StringComparer.Ordinal), out var spec);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }), title: "The request is not valid.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One writer per centre at a time, so the cap holds under concurrent requests.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"alert-rules:" + centre}))", ct);
        if (request.ZoneId is { } zoneId
            && !await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" FROM watch_zones WHERE id = {zoneId} AND centre_code = {centre}").AnyAsync(ct))
            return Problems.Field("zoneId", "No watch zone of this centre has this id.");
        var count = await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM alert_rules WHERE centre_code = {centre}").SingleAsync(ct);
        if (count >= AlertMatcher.MaxRulesPerCentre)
            return Problems.Field("centre", $"A centre may hold at most {AlertMatcher.MaxRulesPerCentre} alert rules: delete one first.", StatusCodes.Status409Conflict);
        var id = Guid.NewGuid();
        var kinds = spec!.Kinds.Select(DetectionEvent.WireName).Order(StringComparer.Ordinal).ToArray();
        var areaKind = request.Area ?? "anywhere";
        double[]? bbox = spec.Area.Kind == AlertAreaKind.Bbox ? [spec.Area.MinLon, spec.Area.MinLat, spec.Area.MaxLon, spec.Area.MaxLat] : null;
        Guid? zone = spec.Area.Kind == AlertAreaKind.Zone ? request.ZoneId : null;
        string? region = spec.Area.Kind == AlertAreaKind.SarRegion ? spec.Area.Code : null;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO alert_rules (id, centre_code, kinds, area_kind, region_code, zone_id, bbox, min_severity, created_by, created_at)
            VALUES ({id}, {centre}, {kinds}, {areaKind}, {region}, {zone}, {bbox}, {AlertSeverities.WireName(spec.MinSeverity)}, {user.DisplayName()}, {clock.GetUtcNow()})
            """, ct);
        await tx.CommitAsync(ct);
        var rule = new AlertRule(id, centre!, spec.Kinds, zone is { } z ? new AlertArea(AlertAreaKind.Zone, StoredZone.AreaId(z)) : spec.Area, spec.MinSeverity);
        return TypedResults.Created($"/api/alert-rules/{id}", ToJson(rule));
    }

    private static async Task<IResult> DeleteRuleAsync(Guid id, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct)
    {
        string? centre = IsAdmin(user) ? null : user.CentreCode() ?? "\u0000";
        int rows = await db.Database.ExecuteSqlAsync($"DELETE FROM alert_rules WHERE id = {id} AND ({centre}::text IS NULL OR centre_code = {centre}::text)", ct);
        return rows == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static async Task<IResult> ListZonesAsync(ClaimsPrincipal user, MaritimeDbContext db, string? centre, CancellationToken ct)
    {
        var scope = Scope(user, centre);
        var json = await db.Database.SqlQuery<string>($"""
            SELECT coalesce(json_agg(json_build_object('id', z.id, 'centre', z.centre_code, 'name', z.name, 'createdBy', z.created_by,
                'createdAt', z.created_at, 'geometry', ST_AsGeoJSON(z.area::geometry)::json) ORDER BY z.created_at, z.id), '[]'::json)::text AS "Value"
            FROM watch_zones z WHERE {scope}::text IS NULL OR z.centre_code = {scope}::text
            """).SingleAsync(ct);
        return TypedResults.Text(json, "application/json", Encoding.UTF8);
    }

    private static async Task<IResult> CreateZoneAsync(CreateWatchZoneRequest request, ClaimsPrincipal user, MaritimeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (centre, problem) = await ActingCentreAsync(user, request.Centre, db, ct);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200) errors["name"] = ["Required, at most 200 characters."];
        var shapeErrors = WatchZoneShape.Validate(request.Polygon, out var shape);
        foreach (var (field, message) in shapeErrors) errors[field] = [message];
        if (errors.Count == 0 && shape is null) errors["polygon"] = ["Required."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The request is not valid.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('watch-zones'))", ct);
        var counts = await db.Database.SqlQuery<ZoneCounts>($"""
            SELECT count(*)::int AS total, count(*) FILTER (WHERE centre_code = {centre})::int AS mine FROM watch_zones
            """).SingleAsync(ct);
        if (counts.Mine >= WatchStore.MaxZonesPerCentre)
            return Problems.Field("centre", $"A centre may draw at most {WatchStore.MaxZonesPerCentre} watch zones: delete one first.", StatusCodes.Status409Conflict);
        if (counts.Total >= WatchStore.MaxZonesTotal)
            return Problems.Field("polygon", $"The detectors watch at most {WatchStore.MaxZonesTotal} zones in all, and that many exist.", StatusCodes.Status409Conflict);
        var id = Guid.NewGuid();
        var wkt = new WKTWriter().Write(shape is NetTopologySuite.Geometries.Polygon p ? shape.Factory.CreateMultiPolygon([p]) : shape!);
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO watch_zones (id, centre_code, name, area, created_by, created_at)
            VALUES ({id}, {centre}, {name}, ST_GeomFromText({wkt}, 4326)::geography, {user.DisplayName()}, {now})
            """, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/watch-zones/{id}", new { id, centre, name, areaId = StoredZone.AreaId(id), createdAt = now, parts = shape!.NumGeometries });
    }

    private static async Task<IResult> DeleteZoneAsync(Guid id, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct)
    {
        string? centre = IsAdmin(user) ? null : user.CentreCode() ?? "\u0000";
        int rows = await db.Database.ExecuteSqlAsync($"DELETE FROM watch_zones WHERE id = {id} AND ({centre}::text IS NULL OR centre_code = {centre}::text)", ct);
        return rows == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private sealed record ZoneCounts(int Total, int Mine);
}
