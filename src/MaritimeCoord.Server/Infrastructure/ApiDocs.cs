using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace MaritimeCoord.Server.Infrastructure;

/// <summary>
/// Response metadata for the OpenAPI document where a handler's answer cannot be inferred from its return type: the
/// problem-details statuses it gives (a <see cref="Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult"/> carries
/// no status in its type), and bodies written as text, files or streams.
/// </summary>
public static class ApiDocs
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>The problem-details answers an endpoint gives besides 401/403 (added to every operation by OpenApiSetup).
    /// 400 is a validation problem (errors per field); the others are problem details, with <c>errors</c> or <c>code</c> where
    /// the handler names them.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
            builder.WithMetadata(new ProducesResponseTypeMetadata(status,
                status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), [ProblemJson]));
        return builder;
    }

    /// <summary>A body written as text (CSV, plain text, NDJSON) or bytes (files): a string schema in those media types.</summary>
    public static TBuilder ProducesText<TBuilder>(this TBuilder builder, int status, params string[] contentTypes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(string), contentTypes));
}

// Documentation-only shapes of answers that handlers write as JSON text straight from PostgreSQL (json_agg) or as
// anonymous objects: the schema in the OpenAPI document. Keep them in step with the SQL / ToJson beside the handler.

/// <summary>A GeoJSON FeatureCollection (RFC 7946); the properties of each feature are named in docs/api.md.</summary>
public sealed record GeoJsonFeatureCollection(string Type, IReadOnlyList<GeoJsonFeature> Features);

public sealed record GeoJsonFeature(string Type, JsonElement Geometry, JsonElement Properties, string? Id = null);

/// <summary>GET/POST /api/alert-rules (AlertEndpoints.ToJson).</summary>
public sealed record AlertRuleDoc(Guid Id, string Centre, IReadOnlyList<string> Kinds, string Area, string? RegionCode, Guid? ZoneId,
    double[]? Bbox, string MinSeverity);

/// <summary>GET/POST /api/watch-zones (AlertEndpoints.ListZonesAsync / CreateZoneAsync).</summary>
public sealed record WatchZoneDoc(Guid Id, string Centre, string Name, string? CreatedBy, DateTimeOffset CreatedAt, JsonElement? Geometry,
    string? AreaId, int? Parts);

/// <summary>GET /api/detection-events (DetectionEventEndpoints.ListAsync).</summary>
public sealed record DetectionEventDoc(Guid Id, string Kind, int? Mmsi, int? OtherMmsi, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    double Latitude, double Longitude, string? RegionCode, string? AreaId, Guid? SightingId, Guid? RelatedEventId, string Status,
    JsonElement Details, Guid? IncidentId, DateTimeOffset FirstDetectedAt, DateTimeOffset UpdatedAt, DateTimeOffset? WithdrawnAt);

/// <summary>The body of POST /api/history/positions (HistoryEndpoints.PolygonInBodyAsync): a Polygon, or a Feature whose
/// geometry is one.</summary>
public sealed record GeoJsonPolygonBody(string Type, JsonElement? Coordinates = null, JsonElement? Geometry = null, JsonElement? Properties = null);

/// <summary>The form of POST /api/intake/sms (SmsIntakeEndpoint), field names as Twilio-style gateways send them.</summary>
public sealed record SmsWebhookForm(
    [property: System.Text.Json.Serialization.JsonPropertyName("From")] string From,
    [property: System.Text.Json.Serialization.JsonPropertyName("To")] string To,
    [property: System.Text.Json.Serialization.JsonPropertyName("Body")] string Body,
    [property: System.Text.Json.Serialization.JsonPropertyName("MessageSid")] string MessageSid);
