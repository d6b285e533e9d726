using System.Globalization;
using System.Security.Claims;
using MaritimeCoord.Domain.History;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.History;
using MaritimeCoord.Server.Features.Incidents;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaritimeCoord.Server.Features.History;

/// <summary>
/// <c>/api/history/…</c>: positions by area (bbox or GeoJSON polygon), by vessel, and around an incident, over a
/// bounded time window; paged JSON (keyset), streamed NDJSON, or streamed GeoJSON/KML/CSV/GPX exports. Analysts,
/// operators and admins; around-incident follows incident visibility (another centre's incident is 404).
/// </summary>
public static class HistoryEndpoints
{
    /// <summary>Default distance around an incident: 50 nm, the radius the issue's replay figure uses.</summary>
    public const double DefaultIncidentDistanceMetres = 92_600;

    public static WebApplication MapHistoryEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/api/history").WithTags("History").RequireAuthorization(Policies.ReadIncidents);
        // Position exports are streamed while read, in the format the query asks for (JSON page, NDJSON, CSV, GeoJSON):
        // no result type says that, so their answers are declared here. The incident summary is typed.
        group.MapGet("/positions", AreaAsync).Produces<HistoryPage>(StatusCodes.Status200OK, "application/json").ProducesText(StatusCodes.Status200OK, "application/x-ndjson", "text/csv", "application/geo+json").ProducesProblems(StatusCodes.Status400BadRequest);
        // The same selection with the polygon in the body: a GeoJSON polygon of up to MaxPolygonVertices (2,000)
        // vertices is ~50 KB, far past what a request line may carry (Kestrel: 8 KB).
        group.MapPost("/positions", PolygonInBodyAsync)
            .DocumentsBody<GeoJsonPolygonBody>("A GeoJSON Polygon, or a Feature holding one (RFC 7946).", "application/geo+json", "application/json")
            .Produces<HistoryPage>(StatusCodes.Status200OK, "application/json").ProducesText(StatusCodes.Status200OK, "application/x-ndjson", "text/csv", "application/geo+json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/vessels/{mmsi:int}/positions", VesselAsync).Produces<HistoryPage>(StatusCodes.Status200OK, "application/json").ProducesText(StatusCodes.Status200OK, "application/x-ndjson", "text/csv", "application/geo+json").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/incidents/{id:guid}", IncidentAsync);
        group.MapGet("/incidents/{id:guid}/positions", IncidentPositionsAsync).Produces<HistoryPage>(StatusCodes.Status200OK, "application/json").ProducesText(StatusCodes.Status200OK, "application/x-ndjson", "text/csv", "application/geo+json").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return app;
    }

    private static IResult AreaAsync(HttpContext http, HistoryQuery query, HistoryLimits limits,
        string? from = null, string? to = null, string? bbox = null, string? polygon = null, string? format = null, string? shape = null,
        string? limit = null, string? after = null)
    {
        var errors = new FieldErrors();
        HistoryArea? area = null;
        if (bbox is not null && polygon is not null) errors.Add("bbox", "Give either bbox or polygon, not both.");
        else if (bbox is not null) area = HistoryArea.ParseBoundingBox(bbox, limits, errors);
        else if (polygon is not null) area = HistoryArea.ParsePolygon(polygon, limits, errors);
        else errors.Add("bbox", "An area is required: bbox=west,south,east,north or polygon=<GeoJSON Polygon>.");
        var request = HistoryRequest.Parse(http, limits, from, to, format, shape, limit, after, errors);
        if (errors.Any || request is null || area is null) return Invalid(errors);
        var selection = HistorySelection.InArea(area, request.Window);
        return request.Respond(query, selection, area is BoundingBox b ? $"bbox-{b.ToText()}" : "polygon");
    }

    private static async Task<IResult> PolygonInBodyAsync(HttpContext http, HistoryQuery query, HistoryLimits limits,
        string? from = null, string? to = null, string? bbox = null, string? polygon = null, string? format = null, string? shape = null,
        string? limit = null, string? after = null)
    {
        var errors = new FieldErrors();
        if (bbox is not null || polygon is not null) errors.Add(bbox is not null ? "bbox" : "polygon", "POST takes the polygon in the body only; use GET for a bbox or a polygon in the URL.");
        var mediaType = http.Request.ContentType is { } contentType ? contentType.Split(';')[0].Trim() : "";
        if (mediaType is not ("application/geo+json" or "application/json"))
            return Problems.Field("polygon", "The body must be a GeoJSON Polygon (or a Feature holding one) sent as application/geo+json or application/json.",
                StatusCodes.Status415UnsupportedMediaType);
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        if (string.IsNullOrWhiteSpace(body)) errors.Add("polygon", "The body must be a GeoJSON Polygon (or a Feature holding one).");
        if (errors.Any) return Invalid(errors);
        return AreaAsync(http, query, limits, from, to, bbox: null, polygon: body, format, shape, limit, after);
    }

    private static IResult VesselAsync(int mmsi, HttpContext http, HistoryQuery query, HistoryLimits limits,
        string? from = null, string? to = null, string? format = null, string? shape = null, string? limit = null, string? after = null)
    {
        var errors = new FieldErrors();
        if (mmsi is <= 0 or > 999_999_999) errors.Add("mmsi", "mmsi must be 1..999999999.");
        var request = HistoryRequest.Parse(http, limits, from, to, format, shape, limit, after, errors);
        if (errors.Any || request is null) return Invalid(errors);
        return request.Respond(query, HistorySelection.OfVessels([mmsi], request.Window), $"vessel-{mmsi}");
    }

    public sealed record IncidentHistoryResponse(
        IncidentHistorySummary Incident, DateTimeOffset From, DateTimeOffset To, double DistanceMetres,
        IReadOnlyList<IncidentHistorySighting> Sightings, IReadOnlyList<IncidentHistoryEvent> Timeline, IReadOnlyList<VesselNearby> Vessels, string PositionsUrl);

    /// <summary>What the incident history endpoints take besides the route value and the query string, bound with
    /// <c>[AsParameters]</c>: the caller, the database (visibility), the incident and position queries, the limits and the
    /// request's abort token.</summary>
    public readonly record struct IncidentHistoryServices(
        ClaimsPrincipal User, MaritimeDbContext Db, IncidentHistoryQuery Incidents, HistoryQuery Query, HistoryLimits Limits, CancellationToken Ct);

    private static async Task<Results<Ok<IncidentHistoryResponse>, ValidationProblem, NotFound>> IncidentAsync(Guid id, [AsParameters] IncidentHistoryServices services,
        string? from = null, string? to = null, string? distance = null)
    {
        var (user, db, incidents, query, limits, ct) = services;
        if (!await db.Incidents.AsNoTracking().VisibleTo(user, db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
        var history = await incidents.LoadAsync(id, ct);
        if (history is null) return TypedResults.NotFound();
        var errors = new FieldErrors();
        var (window, metres) = IncidentWindow(history, limits, from, to, distance, errors);
        if (errors.Any || window is null) return Invalid(errors);
        var vessels = await query.VesselsNearAsync(history.PositionsWkt(), metres, window.Value, ct);
        var url = string.Create(CultureInfo.InvariantCulture,
            $"/api/history/incidents/{id}/positions?from={Uri.EscapeDataString(window.Value.From.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(window.Value.To.ToString("O", CultureInfo.InvariantCulture))}&distance={metres}");
        return TypedResults.Ok(new IncidentHistoryResponse(history.Incident, window.Value.From, window.Value.To, metres, history.Sightings, history.Timeline, vessels, url));
    }

    private static async Task<IResult> IncidentPositionsAsync(Guid id, HttpContext http, [AsParameters] IncidentHistoryServices services,
        string? from = null, string? to = null, string? distance = null, string? format = null, string? shape = null, string? limit = null, string? after = null)
    {
        var (user, db, incidents, query, limits, ct) = services;
        if (!await db.Incidents.AsNoTracking().VisibleTo(user, db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
        var history = await incidents.LoadAsync(id, ct);
        if (history is null) return TypedResults.NotFound();
        var errors = new FieldErrors();
        var (window, metres) = IncidentWindow(history, limits, from, to, distance, errors);
        // The window defaults from the incident; the rest of the request is parsed like the others.
        var request = window is null ? null : HistoryRequest.Parse(http, limits, window.Value, format, shape, limit, after, errors);
        if (errors.Any || request is null) return Invalid(errors);
        return request.Respond(query, HistorySelection.Near(history.PositionsWkt(), metres, request.Window), $"incident-{history.Incident.Reference}", history);
    }

    /// <summary>Default window: 6 h before the first sighting to 6 h after the last; distance defaults to 50 nm.</summary>
    private static (HistoryWindow? Window, double Metres) IncidentWindow(IncidentHistory history, HistoryLimits limits, string? from, string? to, string? distance, FieldErrors errors)
    {
        double metres = DefaultIncidentDistanceMetres;
        if (distance is not null
            && (!double.TryParse(distance, NumberStyles.Float, CultureInfo.InvariantCulture, out metres) || !double.IsFinite(metres) || metres <= 0 || metres > limits.MaxDistanceMetres))
            errors.Add("distance", $"distance must be metres, greater than 0 and at most {limits.MaxDistanceMetres:N0}.");
        var first = history.Sightings.Count > 0 ? history.Sightings.Min(s => s.ObservedAt) : history.Incident.OpenedAt;
        var last = history.Sightings.Count > 0 ? history.Sightings.Max(s => s.ObservedAt) : history.Incident.LastSightingAt;
        var start = from is null ? first.AddHours(-6) : HistoryRequest.ParseTime("from", from, errors);
        var end = to is null ? last.AddHours(6) : HistoryRequest.ParseTime("to", to, errors);
        if (errors.Any) return (null, metres);
        return (HistoryWindow.Validate(start, end, limits.MaxWindow, errors), metres);
    }

    internal static ValidationProblem Invalid(FieldErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid.");
}
