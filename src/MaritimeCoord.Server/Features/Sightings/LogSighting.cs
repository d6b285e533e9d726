using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Contracts.Sightings;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Jurisdiction;
using MaritimeCoord.Domain.Sightings;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Persistence.Geo;
using MaritimeCoord.Persistence.Spatial;
using MaritimeCoord.Server.Features.Incidents;
using MaritimeCoord.Server.Features.Jurisdiction;
using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using Npgsql;

namespace MaritimeCoord.Server.Features.Sightings;

using LogSightingResult = Results<Created<SightingResponse>, LogSightingEndpoint.ReplayedResult, ValidationProblem, TooLargeProblem,
    UnsupportedMediaProblem, UnprocessableProblem>;

/// <summary>The wire shape of POST /api/sightings. Unknown fields are refused (JsonUnmappedMemberHandling.Disallow).</summary>
public sealed record LogSightingRequest(
    string? ObservedAt,
    double? Latitude,
    double? Longitude,
    string? PositionText,
    string? BoatDescription,
    int? PersonsOnBoard,
    string? Condition,
    string? Reporter,
    double? PositionUncertaintyNm,
    string? Notes);

public sealed record PositionDto(double Latitude, double Longitude, string DegreesDecimalMinutes, string? AsReported);

public sealed record SightingResponse(
    Guid Id,
    Guid IncidentId,
    string IncidentReference,
    bool IncidentOpened,
    string CoordinatingCentreCode,
    DateTimeOffset ObservedAt,
    DateTimeOffset ReceivedAt,
    PositionDto Position,
    double? PositionUncertaintyNm,
    string BoatDescription,
    int? PersonsOnBoard,
    string Condition,
    string Reporter,
    JurisdictionDto Jurisdiction)
{
    /// <summary>Flags to check (position on land, 0°N 0°E); the sighting is logged all the same.</summary>
    public IReadOnlyList<PositionWarning> Warnings { get; init; } = [];
}

public static class LogSightingEndpoint
{
    public const long MaxBodyBytes = 32 * 1024;
    public const string IdempotencyHeader = IdempotencyKeys.Header;
    public const int MaxIdempotencyKeyLength = IdempotencyKeys.MaxLength;

    public static async Task<LogSightingResult> HandleAsync(HttpRequest request, [AsParameters] LogSightingServices services)
    {
        var (user, handler, json, clock, rules, db, ct) = services;
        if (IdempotencyKeys.Read(request, out var key) is { } badKey) return badKey;
        if (!request.HasJsonContentType())
            return UnsupportedMediaProblem.Wrap(TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the sighting as application/json."));

        var body = await ReadBodyAsync(request, ct);
        if (body is null)
            return Problems.Field<TooLargeProblem>("body", $"A sighting is at most {MaxBodyBytes} bytes.");
        var fingerprint = Convert.ToHexString(SHA256.HashData(body));

        if (key is not null && await handler.FindByIdempotencyKeyAsync(user.Subject(), key, ct) is { } previous)
            return Replay((await previous.Response.WithWarningsAsync(db, ct), previous.Fingerprint), fingerprint);

        LogSightingRequest? dto;
        try
        {
            dto = JsonSerializer.Deserialize<LogSightingRequest>(body, json.Value.SerializerOptions);
        }
        catch (JsonException e)
        {
            return Problems.Field(Problems.FieldFromJsonPath(e), Problems.DescribeJsonError(e));
        }
        if (dto is null) return Problems.Field("body", "The body must be a JSON object.");

        var errors = new Dictionary<string, string[]>();
        // PostgreSQL text cannot hold U+0000: refuse it here by field name instead of failing the INSERT (found by fuzzing).
        foreach (var (field, text) in new[] { ("observedAt", dto.ObservedAt), ("positionText", dto.PositionText), ("boatDescription", dto.BoatDescription),
                     ("condition", dto.Condition), ("reporter", dto.Reporter), ("notes", dto.Notes) })
            if (text?.Contains('\0', StringComparison.Ordinal) == true) errors[field] = [$"{field} must not contain the NUL character (U+0000)."];
        DateTimeOffset? observedAt = null;
        if (dto.ObservedAt is not null)
        {
            if (TryParseInstant(dto.ObservedAt, out var parsed)) observedAt = parsed;
            else errors["observedAt"] = ["observedAt must be an ISO 8601 time with a UTC offset, e.g. 2026-11-28T06:30:00+08:00."];
        }
        var draft = new SightingDraft(observedAt, dto.Latitude, dto.Longitude, dto.PositionText, dto.BoatDescription,
            dto.PersonsOnBoard, dto.Condition, dto.Reporter, dto.PositionUncertaintyNm, dto.Notes);
        var (report, validationErrors) = SightingValidation.Validate(draft, clock.GetUtcNow(), rules);
        foreach (var (field, messages) in validationErrors)
            if (!errors.ContainsKey(field)) errors[field] = messages;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The sighting is not valid.");

        try
        {
            var logged = await (await handler.LogAsync(report!, user, key, fingerprint, ct)).WithWarningsAsync(db, ct);
            return TypedResults.Created($"/api/sightings/{logged.Id}", logged);
        }
        catch (DbUpdateException e) when (key is not null && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two retries of one post raced: the other committed first, so answer with its result.
            var winner = await handler.FindByIdempotencyKeyAsync(user.Subject(), key, ct)
                         ?? throw new InvalidOperationException("Idempotency-key conflict but no stored sighting.", e);
            return Replay((await winner.Response.WithWarningsAsync(db, ct), winner.Fingerprint), fingerprint);
        }
    }

    private static LogSightingResult Replay((SightingResponse Response, string? Fingerprint) previous, string fingerprint)
    {
        if (!string.Equals(previous.Fingerprint, fingerprint, StringComparison.Ordinal))
            return Problems.Field<UnprocessableProblem>(IdempotencyHeader,
                $"This {IdempotencyHeader} was already used for a different sighting; use a new key for a new sighting.");
        return new ReplayedResult(previous.Response);
    }

    // ISO 8601 with an explicit offset: a bare local time from a field laptop in another zone would be hours wrong.
    internal static bool TryParseInstant(string text, out DateTimeOffset value)
    {
        value = default;
        var t = text.Trim();
        var hasOffset = t.EndsWith('Z') || t.EndsWith('z') ||
                        (t.Length > 6 && (t[^6] is '+' or '-') && t[^3] == ':');
        return hasOffset && t.Contains('T', StringComparison.OrdinalIgnoreCase) &&
               DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>200 with the original 201's body: the retried post is acknowledged and nothing new is created.</summary>
    public sealed class ReplayedResult(SightingResponse response) : IResult, IEndpointMetadataProvider
    {
        public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
            builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(SightingResponse), ["application/json"]));

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            httpContext.Response.Headers.Location = $"/api/sightings/{response.Id}";
            return TypedResults.Ok(response).ExecuteAsync(httpContext);
        }
    }
}

/// <summary>Stores a validated sighting, opens or extends its incident and queues the events, in one transaction.</summary>
public sealed class LogSightingHandler(MaritimeDbContext db, OutboxWriter outbox, TimeProvider clock,
    CorrelationPolicy correlation)
{
    // One lock for correlation: two sightings of the same boat arriving together must not open two incidents.
    // Sightings are typed by people (a few per minute at most), so serialising this step costs nothing.
    internal const long CorrelationLockKey = 0x4D43_5349_4754; // "MCSIGT"

    private static readonly string[] OpenPhases = Enum.GetValues<IncidentPhase>().Where(p => p.IsOpen()).Select(p => p.WireName()).ToArray();

    public async Task<(SightingResponse Response, string? Fingerprint)?> FindByIdempotencyKeyAsync(string subject, string key, CancellationToken ct)
    {
        var sighting = await db.Sightings.AsNoTracking().Include(s => s.Incident)
            .FirstOrDefaultAsync(s => s.ReportedBy == subject && s.IdempotencyKey == key, ct);
        if (sighting is null) return null;
        var jurisdiction = await db.ResolveAsync(new GeoPosition(sighting.Position.Y, sighting.Position.X), ct);
        var opened = await db.IncidentTimeline.AnyAsync(t => t.SightingId == sighting.Id && t.Kind == TimelineKinds.Opened, ct);
        return (ToResponse(sighting, sighting.Incident!, opened, jurisdiction), sighting.RequestFingerprint);
    }

    public async Task<SightingResponse> LogAsync(SightingReport report, ClaimsPrincipal user, string? idempotencyKey,
        string fingerprint, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var reporterCentre = user.CentreCode() ?? throw new InvalidOperationException("The LogSighting policy requires a centre claim.");
        var point = GeoJsonBoundaryLoader.Factory.CreatePoint(new Coordinate(report.Position.Longitude, report.Position.Latitude));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({CorrelationLockKey})", ct);

        var jurisdiction = await db.ResolveAsync(report.Position, ct);
        // Ordered by the exact distance among the few rows within the radius, not by KNN (<->): PostGIS's geography KNN
        // fails with "index returned tuples in wrong order" when a row lies on the other side of ±180° (docs/geodesy.md).
        var candidates = await db.Database.SqlQuery<CandidateRow>($"""
            WITH p AS (SELECT ST_SetSRID(ST_MakePoint({report.Position.Longitude}, {report.Position.Latitude}), 4326)::geography AS g)
            SELECT i.id, i.reference, i.phase, ST_Distance(i.last_position, p.g) AS distance_metres, i.last_sighting_at,
                   i.persons_on_board_estimate,
                   ARRAY(SELECT DISTINCT s.boat_description FROM sightings s WHERE s.incident_id = i.id LIMIT 50) AS boat_descriptions
            FROM incidents i, p
            WHERE i.phase = ANY({OpenPhases}) AND ST_DWithin(i.last_position, p.g, {correlation.RadiusMetres})
            ORDER BY distance_metres, i.id
            LIMIT 20
            """).ToListAsync(ct);
        var decision = IncidentCorrelation.Decide(
            candidates.Select(c => new IncidentCandidate(c.Id, Enum.Parse<IncidentPhase>(c.Phase, true), c.DistanceMetres, c.LastSightingAt,
                c.BoatDescriptions, c.PersonsOnBoardEstimate, c.Reference)),
            new SightedBoat(report.BoatDescription, report.PersonsOnBoard), report.ObservedAt, correlation);
        var chosenId = decision.AttachTo;

        var sightingId = Guid.CreateVersion7(now);
        Incident incident;
        var opened = chosenId is null;
        if (opened)
        {
            var number = await db.Database.SqlQuery<long>($"SELECT nextval('incident_reference_seq') AS \"Value\"").SingleAsync(ct);
            incident = new Incident
            {
                Id = Guid.CreateVersion7(now),
                Reference = string.Create(CultureInfo.InvariantCulture, $"MC-{now.Year}-{number:D5}"),
                Phase = IncidentPhase.Uncertainty,
                OpenedAt = now,
                LastSightingAt = report.ObservedAt,
                LastPosition = point,
                PersonsOnBoardEstimate = report.PersonsOnBoard,
                // IAMSAR: the RCC of the region, or else the centre that first received the report keeps it.
                CoordinatingCentreCode = jurisdiction.Region?.CentreCode ?? reporterCentre,
                SarRegionCode = jurisdiction.Region?.RegionCode,
            };
            db.Incidents.Add(incident);
            db.IncidentTimeline.Add(new IncidentTimelineEntry
            {
                IncidentId = incident.Id, At = now, Actor = user.Subject(), Kind = TimelineKinds.Opened, SightingId = sightingId,
                Summary = $"Opened in phase uncertainty from a sighting at {report.Position}; coordinating centre {incident.CoordinatingCentreCode}" +
                          (jurisdiction.Region is null ? " (no SAR region covers the position)." : $" ({jurisdiction.Region.RegionName})."),
            });
            foreach (var flag in decision.PossiblySameAs)
            {
                db.IncidentTimeline.Add(new IncidentTimelineEntry
                {
                    IncidentId = incident.Id, At = now, Actor = "system:correlation", Kind = TimelineKinds.PossiblySame, SightingId = sightingId,
                    Summary = string.Create(CultureInfo.InvariantCulture,
                        $"Possibly the same as {flag.Reference} ({Distances.MetresToNauticalMiles(flag.DistanceMetres):0.0} nm away), not attached to it: {flag.Reason} Merge the two if they are one boat."),
                });
                db.IncidentTimeline.Add(new IncidentTimelineEntry
                {
                    IncidentId = flag.IncidentId, At = now, Actor = "system:correlation", Kind = TimelineKinds.PossiblySame, SightingId = sightingId,
                    Summary = string.Create(CultureInfo.InvariantCulture,
                        $"A sighting {Distances.MetresToNauticalMiles(flag.DistanceMetres):0.0} nm away opened {incident.Reference}, possibly the same boat: {flag.Reason} Merge the two if they are."),
                });
            }
        }
        else
        {
            incident = await db.Incidents.SingleAsync(i => i.Id == chosenId, ct);
            // A late report is history, not the latest position.
            if (report.ObservedAt >= incident.LastSightingAt)
            {
                if (jurisdiction.Region?.RegionCode != incident.SarRegionCode)
                    await SuggestHandoverAsync(incident, jurisdiction, now, ct);
                incident.LastSightingAt = report.ObservedAt;
                incident.LastPosition = point;
                incident.SarRegionCode = jurisdiction.Region?.RegionCode;
                // The estimate is the operator's (PUT …/persons-on-board): a sighting only fills it while it is unknown.
                incident.PersonsOnBoardEstimate ??= report.PersonsOnBoard;
            }
            incident.IsStale = false;
            incident.StaleSince = null;
            db.IncidentTimeline.Add(new IncidentTimelineEntry
            {
                IncidentId = incident.Id, At = now, Actor = user.Subject(), Kind = TimelineKinds.SightingAttached, SightingId = sightingId,
                Summary = $"Sighting at {report.Position} observed {report.ObservedAt:u} attached.",
            });
        }

        var sighting = new Sighting
        {
            Id = sightingId,
            ObservedAt = report.ObservedAt,
            ReceivedAt = now,
            Position = point,
            PositionText = report.PositionText,
            PositionUncertaintyNm = report.PositionUncertaintyNm,
            BoatDescription = report.BoatDescription,
            PersonsOnBoard = report.PersonsOnBoard,
            Condition = report.Condition.WireName(),
            Reporter = report.Reporter,
            Notes = report.Notes,
            ReportedBy = user.Subject(),
            ReporterCentreCode = reporterCentre,
            IdempotencyKey = idempotencyKey,
            RequestFingerprint = fingerprint,
            IncidentId = incident.Id,
            SarRegionCode = jurisdiction.Region?.RegionCode,
            BoundaryVersion = jurisdiction.Region?.BoundaryVersion,
            BoundaryApproximate = jurisdiction.Region?.Approximate,
            NearApproximateBoundary = jurisdiction.NearApproximateBoundary,
        };
        db.Sightings.Add(sighting);

        var notify = JurisdictionRules.CentresToNotify(jurisdiction, incident.CoordinatingCentreCode);
        if (opened)
            outbox.Add(new IncidentOpened(incident.Id, incident.Reference, incident.Phase.WireName(), report.Position.Latitude,
                report.Position.Longitude, incident.PersonsOnBoardEstimate, incident.SarRegionCode, incident.CoordinatingCentreCode, notify, now,
                decision.PossiblySameAs.Count == 0 ? null
                    : [.. decision.PossiblySameAs.Select(f => new PossibleDuplicate(f.IncidentId, f.Reference ?? "", Distances.MetresToNauticalMiles(f.DistanceMetres), f.Reason))]));
        outbox.Add(new SightingLogged(sighting.Id, incident.Id, incident.Reference, sighting.ObservedAt, report.Position.Latitude,
            report.Position.Longitude, sighting.BoatDescription, sighting.PersonsOnBoard, sighting.Condition, sighting.SarRegionCode,
            incident.CoordinatingCentreCode, notify, now, sighting.PositionUncertaintyNm));

        await db.SaveChangesAsync(ct);
        if (opened)
            foreach (var flag in decision.PossiblySameAs)
                await IncidentLinks.FlagPossiblySameAsync(db, incident.Id, flag.IncidentId, flag.DistanceMetres, flag.Reason, now, ct);
        await tx.CommitAsync(ct);
        return ToResponse(sighting, incident, opened, jurisdiction);
    }

    // docs/domain.md handover rule: when the latest position moves into another centre's region, the coordinating centre is
    // told (and decides); coordination itself moves only by an accepted handover.
    private async Task SuggestHandoverAsync(Incident incident, JurisdictionResult jurisdiction, DateTimeOffset now, CancellationToken ct)
    {
        var pending = await db.HandoverOffers.AsNoTracking()
            .FirstOrDefaultAsync(h => h.IncidentId == incident.Id && h.Status == HandoverStatuses.Pending, ct);
        var advice = HandoverAdvice.Advise(incident.CoordinatingCentreCode, incident.Phase, jurisdiction,
            pending is null ? null : IncidentDetails.ToOffer(pending));
        if (!advice.SuggestHandover || advice.ToCentre is null) return;
        db.IncidentTimeline.Add(new IncidentTimelineEntry
        {
            IncidentId = incident.Id, At = now, Actor = "system:jurisdiction", Kind = TimelineKinds.HandoverSuggested, Summary = advice.Explanation,
        });
        outbox.Add(new HandoverSuggested(incident.Id, incident.Reference, incident.CoordinatingCentreCode, advice.ToCentre, advice.Uncertain,
            advice.Explanation, now));
    }

    internal static SightingResponse ToResponse(Sighting s, Incident incident, bool opened, JurisdictionResult jurisdiction) => new(
        s.Id, incident.Id, incident.Reference, opened, incident.CoordinatingCentreCode, s.ObservedAt, s.ReceivedAt,
        new PositionDto(s.Position.Y, s.Position.X, new GeoPosition(s.Position.Y, s.Position.X).ToDegreesDecimalMinutes(), s.PositionText),
        s.PositionUncertaintyNm, s.BoatDescription, s.PersonsOnBoard, s.Condition, s.Reporter, JurisdictionDto.From(jurisdiction));

    private sealed record CandidateRow(Guid Id, string Reference, string Phase, double DistanceMetres, DateTimeOffset LastSightingAt,
        int? PersonsOnBoardEstimate, string[] BoatDescriptions);
}
