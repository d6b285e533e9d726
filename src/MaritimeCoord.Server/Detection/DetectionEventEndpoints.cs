using System.Globalization;
using System.Text;
using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Detection;

/// <summary>GET /api/detection-events?from=&amp;to=&amp;bbox=minLon,minLat,maxLon,maxLat&amp;kind=&amp;status=: for analysts and operators.</summary>
public static class DetectionEventEndpoints
{
    private const int MaxRows = 5000;

    public static WebApplication MapDetectionEventEndpoints(this WebApplication app)
    {
        app.MapGroup("/api/detection-events").WithTags("Detection").RequireAuthorization(Policies.ReadIncidents)
            .MapGet("/", ListAsync).Produces<List<DetectionEventDoc>>().ProducesProblems(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> ListAsync(MaritimeDbContext db, string? from, string? to, string? bbox, string? kind, string? status, CancellationToken ct)
    {
        if (!TryTime(from, out var fromTime)) return Problems.Field("from", "Must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z.");
        if (!TryTime(to, out var toTime)) return Problems.Field("to", "Must be an ISO 8601 time, e.g. 2026-11-02T00:00:00Z.");
        if (fromTime is { } f && toTime is { } t && t < f) return Problems.Field("to", "Must not be before 'from'.");
        if (kind is not null && !DetectionEvent.TryParseKind(kind, out _))
            return Problems.Field("kind", "Unknown kind: use ais-gap, encounter, loitering, area-entry or sighting-near-suspect.");
        if (status is not (null or "active" or "withdrawn" or "all")) return Problems.Field("status", "Use active (default), withdrawn or all.");
        double[]? box = null;
        if (bbox is not null)
        {
            var parts = bbox.Split(',');
            box = parts.Length == 4 ? [.. parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN)] : null;
            if (box is null || box.Any(double.IsNaN) || box[0] is < -180 or > 180 || box[2] is < -180 or > 180 || box[1] is < -90 or > 90 || box[3] is < -90 or > 90 || box[1] > box[3])
                return Problems.Field("bbox", "Must be minLon,minLat,maxLon,maxLat in degrees (minLon > maxLon crosses the antimeridian).");
        }

        var effectiveStatus = status ?? "active";
        var json = await db.Database.SqlQuery<string>($"""
            SELECT coalesce(json_agg(json_build_object(
                'id', e.id, 'kind', e.kind, 'mmsi', e.mmsi, 'otherMmsi', e.other_mmsi, 'startedAt', e.started_at, 'endedAt', e.ended_at,
                'latitude', ST_Y(e.position::geometry), 'longitude', ST_X(e.position::geometry), 'regionCode', e.region_code,
                'areaId', e.area_id, 'sightingId', e.sighting_id, 'relatedEventId', e.related_event_id, 'status', e.status,
                'details', e.details, 'incidentId', e.incident_id, 'firstDetectedAt', e.first_detected_at, 'updatedAt', e.updated_at,
                'withdrawnAt', e.withdrawn_at) ORDER BY e.started_at, e.id), '[]'::json)::text AS "Value"
            FROM (SELECT * FROM detection_events e
                  WHERE ({effectiveStatus} = 'all' OR e.status = {effectiveStatus})
                    AND ({kind}::text IS NULL OR e.kind = {kind}::text)
                    AND ({fromTime}::timestamptz IS NULL OR coalesce(e.ended_at, 'infinity') >= {fromTime}::timestamptz)
                    AND ({toTime}::timestamptz IS NULL OR e.started_at <= {toTime}::timestamptz)
                    AND ({box == null} OR (CASE WHEN {box?[0] ?? 0} <= {box?[2] ?? 0}
                        THEN ST_Intersects(e.position, ST_MakeEnvelope({box?[0] ?? 0}, {box?[1] ?? 0}, {box?[2] ?? 0}, {box?[3] ?? 0}, 4326)::geography)
                        ELSE ST_Intersects(e.position, ST_MakeEnvelope({box?[0] ?? 0}, {box?[1] ?? 0}, 180, {box?[3] ?? 0}, 4326)::geography)
                          OR ST_Intersects(e.position, ST_MakeEnvelope(-180, {box?[1] ?? 0}, {box?[2] ?? 0}, {box?[3] ?? 0}, 4326)::geography) END))
                  ORDER BY e.started_at, e.id LIMIT {MaxRows}) e
            """).SingleAsync(ct);
        return TypedResults.Text(json, "application/json", Encoding.UTF8);
    }

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (text is null) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var v)) return false;
        value = v;
        return true;
    }
}
