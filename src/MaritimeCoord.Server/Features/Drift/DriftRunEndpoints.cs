using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Hangfire;
using MaritimeCoord.Domain.Drift;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Search;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Features.Incidents;
using MaritimeCoord.Server.Features.Sightings;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaritimeCoord.Server.Features.Drift;

public sealed record DriftRunSummary(Guid Id, Guid IncidentId, string ObjectClass, string Direction, DateTimeOffset SeededAt, int Hours, int Particles,
    int StepMinutes, string Status, double Progress, string? Error, Guid? ForcingFileId, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

public sealed record DriftHourDto(int Hour, DateTimeOffset At, int Active, int Stranded, double MeanLatitude, double MeanLongitude,
    ManualDatumDto Manual, IReadOnlyList<ContainmentDto> Containment);

/// <summary>The IAMSAR manual answer at one hour: datum, drift, E = √(X² + Y² + De²), R = E × fs.</summary>
public sealed record ManualDatumDto(double Latitude, double Longitude, double DriftMetres, double InitialErrorMetres, double SearchCraftErrorMetres,
    double DriftErrorMetres, double ProbableErrorMetres, double SafetyFactor, double SearchRadiusMetres);

public sealed record ContainmentDto(int Percent, double AreaSquareMetres, double Probability);

public sealed record DriftRunDetails(DriftRunSummary Run, JsonElement Request, ForcingUsedDto Forcing, IReadOnlyList<DriftHourDto> Hours);

public sealed record ForcingUsedDto(Guid? FileId, string? FileName, bool OnScene, JsonElement Notes);

/// <summary>
/// Drift runs of an incident. Reading follows IncidentAccess (coordinating centre, centres it was offered to or shared
/// with, analysts, admins; else 404); only the coordinating centre's operators and admins start one. The run itself is
/// a Hangfire job (<see cref="DriftRunJob"/>): POST answers 202 with its location at once.
/// </summary>
public static class DriftRunEndpoints
{
    public const long MaxBodyBytes = 256 * 1024;

    public static async Task<IResult> StartAsync(Guid id, HttpRequest request, [AsParameters] DriftRunStartServices bundle)
    {
        var (user, db, forcingFiles, json, options, clock, services, ct) = bundle;
        if (IdempotencyKeys.Read(request, out var key) is { } badKey) return badKey;
        if (!request.HasJsonContentType())
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Send the run as application/json.");

        var incident = await db.Incidents.AsNoTracking().VisibleTo(user, db).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return TypedResults.NotFound();
        if (!user.MayCoordinate(incident))
            return Problems.Refused(new Refusal(RefusalCode.NotCoordinatingCentre, $"Only the coordinating centre ({incident.CoordinatingCentreCode}) starts drift runs."));

        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer, ct);
            body = buffer.ToArray();
        }
        var fingerprint = Convert.ToHexString(SHA256.HashData(body));
        var subject = user.Subject();
        if (key is not null && await FindByKeyAsync(db, subject, key, ct) is { } previous)
            return Replay(previous, fingerprint, id);

        DriftRunRequest? dto;
        try
        {
            dto = JsonSerializer.Deserialize<DriftRunRequest>(body, json.Value.SerializerOptions);
        }
        catch (JsonException e)
        {
            return Problems.Field(Problems.FieldFromJsonPath(e), Problems.DescribeJsonError(e));
        }
        if (dto is null) return Problems.Field("body", "The body must be a JSON object.");

        var now = clock.GetUtcNow();
        var (run, errors) = DriftRunValidation.Validate(dto, now);
        if (run is null) return Unprocessable(errors);
        if (run.ForcingFileId is { } fileId)
        {
            var file = await forcingFiles.FindAsync(fileId, ct);
            if (file is null) return Unprocessable(new() { ["forcing.fileId"] = [$"No forcing file {fileId} is loaded (GET /api/forcing lists them)."] });
            var onScene = run.OnScene?.Observations ?? [];
            var maxSpeed = Math.Max(options.Value.MaxDriftSpeedForLand, DriftRegion.MaxSpeed(run.Model.ObjectClass,
                onScene.Count == 0 ? 0 : onScene.Max(o => o.WindSpeed), onScene.Count == 0 ? 0 : onScene.Max(o => o.CurrentSpeed)));
            if (ForcingFiles.CoverageProblem(file, run.Model, maxSpeed) is { } problem)
                return Unprocessable(new() { ["forcing.fileId"] = [problem] });
        }

        var runId = Guid.CreateVersion7(now);
        var model = run.Model;
        await using (var conn = await services.GetRequiredKeyedService<NpgsqlDataSource>(DriftRunsSetup.DataSourceKey).OpenConnectionAsync(ct))
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO drift_runs (id, incident_id, object_class, direction, seeded_at, hours, particles, step_minutes, seed, request, forcing_file_id,
                                        status, created_by, created_at, idempotency_key, request_fingerprint)
                VALUES (@id, @incident, @class, @direction, @seeded, @hours, @particles, @step, @seed, @request::jsonb, @file, 'queued', @by, @at, @key, @fingerprint)
                """, conn);
            cmd.Parameters.AddWithValue("id", runId);
            cmd.Parameters.AddWithValue("incident", id);
            cmd.Parameters.AddWithValue("class", model.ObjectClass.Key);
            cmd.Parameters.AddWithValue("direction", model.Direction.WireName());
            cmd.Parameters.AddWithValue("seeded", model.StartTime);
            cmd.Parameters.AddWithValue("hours", (int)model.Duration.TotalHours);
            cmd.Parameters.AddWithValue("particles", model.Particles);
            cmd.Parameters.AddWithValue("step", (int)model.TimeStep.TotalMinutes);
            cmd.Parameters.AddWithValue("seed", (int)(uint)model.Seed);
            cmd.Parameters.AddWithValue("request", JsonSerializer.Serialize(dto, json.Value.SerializerOptions));
            cmd.Parameters.Add(new NpgsqlParameter("file", NpgsqlDbType.Uuid) { Value = (object?)run.ForcingFileId ?? DBNull.Value });
            cmd.Parameters.AddWithValue("by", subject);
            cmd.Parameters.AddWithValue("at", now);
            cmd.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = (object?)key ?? DBNull.Value });
            cmd.Parameters.AddWithValue("fingerprint", fingerprint);
            try
            {
                await cmd.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (key is not null && e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Two retries of one post raced: the other committed first, so answer with its run.
                var winner = await FindByKeyAsync(db, subject, key, ct) ?? throw new InvalidOperationException("Idempotency-key conflict but no stored run.", e);
                return Replay(winner, fingerprint, id);
            }
        }
        DriftRunsSetup.Enqueue(services, runId);
        var summary = (await LoadSummariesAsync(db, id, runId, ct)).Single();
        return TypedResults.Accepted($"/api/incidents/{id}/drift-runs/{runId}", summary);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unprocessable(Dictionary<string, string[]> errors) => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity, title: "The drift run is not valid.",
        detail: string.Join(" ", errors.SelectMany(e => e.Value)),
        extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static async Task<(Guid RunId, Guid IncidentId, string? Fingerprint)?> FindByKeyAsync(MaritimeDbContext db, string subject, string key, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<KeyRow>($"""
            SELECT id AS run_id, incident_id, request_fingerprint FROM drift_runs WHERE created_by = {subject} AND idempotency_key = {key}
            """).ToListAsync(ct);
        return rows.Count == 0 ? null : (rows[0].RunId, rows[0].IncidentId, rows[0].RequestFingerprint);
    }

    private sealed record KeyRow(Guid RunId, Guid IncidentId, string? RequestFingerprint);

    private static IResult Replay((Guid RunId, Guid IncidentId, string? Fingerprint) previous, string fingerprint, Guid incidentId)
    {
        if (previous.IncidentId != incidentId || !string.Equals(previous.Fingerprint, fingerprint, StringComparison.Ordinal))
            return Problems.Field(LogSightingEndpoint.IdempotencyHeader,
                $"This {LogSightingEndpoint.IdempotencyHeader} was already used for a different drift run; use a new key for a new run.",
                StatusCodes.Status422UnprocessableEntity);
        return new ReplayedResult(previous.IncidentId, previous.RunId);
    }

    /// <summary>202 again with the original run's location: the retried post starts nothing new.</summary>
    private sealed class ReplayedResult(Guid incidentId, Guid runId) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var db = httpContext.RequestServices.GetRequiredService<MaritimeDbContext>();
            var summary = (await LoadSummariesAsync(db, incidentId, runId, httpContext.RequestAborted)).Single();
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            await TypedResults.Accepted($"/api/incidents/{incidentId}/drift-runs/{runId}", summary).ExecuteAsync(httpContext);
        }
    }

    public static async Task<Results<Ok<List<DriftRunSummary>>, NotFound>> ListAsync(Guid id, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct)
    {
        if (!await db.Incidents.AsNoTracking().VisibleTo(user, db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
        return TypedResults.Ok(await LoadSummariesAsync(db, id, null, ct));
    }

    internal static async Task<List<DriftRunSummary>> LoadSummariesAsync(MaritimeDbContext db, Guid incidentId, Guid? runId, CancellationToken ct) =>
        (await db.Database.SqlQuery<SummaryRow>($"""
            SELECT id, incident_id, object_class, direction, seeded_at, hours, particles, step_minutes, status, progress, error, forcing_file_id,
                   created_by, created_at, started_at, finished_at
            FROM drift_runs WHERE incident_id = {incidentId} AND ({runId}::uuid IS NULL OR id = {runId})
            ORDER BY created_at DESC LIMIT 200
            """).ToListAsync(ct))
        .Select(r => new DriftRunSummary(r.Id, r.IncidentId, r.ObjectClass, r.Direction, r.SeededAt, r.Hours, r.Particles, r.StepMinutes, r.Status,
            r.Progress, r.Error, r.ForcingFileId, r.CreatedBy, r.CreatedAt, r.StartedAt, r.FinishedAt)).ToList();

    private sealed record SummaryRow(Guid Id, Guid IncidentId, string ObjectClass, string Direction, DateTimeOffset SeededAt, int Hours, int Particles,
        int StepMinutes, string Status, float Progress, string? Error, Guid? ForcingFileId, string CreatedBy, DateTimeOffset CreatedAt,
        DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

    public static async Task<Results<Ok<DriftRunDetails>, NotFound>> GetAsync(Guid id, Guid runId, ClaimsPrincipal user, MaritimeDbContext db, IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (!await db.Incidents.AsNoTracking().VisibleTo(user, db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
        var summary = (await LoadSummariesAsync(db, id, runId, ct)).SingleOrDefault();
        if (summary is null) return TypedResults.NotFound();
        var extra = await db.Database.SqlQuery<DetailRow>($"""
            SELECT r.request::text AS request, r.forcing_notes::text AS notes, f.name AS file_name
            FROM drift_runs r LEFT JOIN forcing_files f ON f.id = r.forcing_file_id WHERE r.id = {runId}
            """).SingleAsync(ct);
        var request = JsonSerializer.Deserialize<DriftRunRequest>(extra.Request, json.Value.SerializerOptions)!;
        var (valid, _) = DriftRunValidation.Validate(request, summary.CreatedAt);
        var hours = await db.Database.SqlQuery<HourRow>($"""
            SELECT h.hour, h.at, h.active_count, h.stranded_count, ST_Y(h.mean_position::geometry) AS mean_latitude, ST_X(h.mean_position::geometry) AS mean_longitude,
                   ST_Y(h.datum::geometry) AS datum_latitude, ST_X(h.datum::geometry) AS datum_longitude, h.drift_metres, h.probable_error_metres, h.search_radius_metres,
                   COALESCE((SELECT jsonb_agg(jsonb_build_object('percent', c.percent, 'areaSquareMetres', c.area_square_metres, 'probability', c.probability) ORDER BY c.percent)
                             FROM drift_run_containment c WHERE c.run_id = h.run_id AND c.hour = h.hour), '[]'::jsonb)::text AS containment
            FROM drift_run_hours h WHERE h.run_id = {runId} ORDER BY h.hour
            """).ToListAsync(ct);
        var x = valid?.InitialErrorMetres ?? 0;
        var y = valid?.SearchCraftErrorMetres ?? DriftRunValidation.DefaultSearchCraftErrorMetres;
        var fs = valid?.SafetyFactor ?? DriftRunValidation.DefaultSafetyFactor;
        var hourDtos = hours.Select(h => new DriftHourDto(h.Hour, h.At, h.ActiveCount, h.StrandedCount, h.MeanLatitude, h.MeanLongitude,
            new ManualDatumDto(h.DatumLatitude, h.DatumLongitude, h.DriftMetres, x, y, ManualDatum.DriftErrorShare * h.DriftMetres, h.ProbableErrorMetres, fs,
                h.SearchRadiusMetres),
            JsonSerializer.Deserialize<List<ContainmentDto>>(h.Containment, JsonSerializerOptions.Web) ?? [])).ToList();
        using var requestJson = JsonDocument.Parse(extra.Request);
        using var notes = JsonDocument.Parse(extra.Notes);
        return TypedResults.Ok(new DriftRunDetails(summary, requestJson.RootElement.Clone(),
            new ForcingUsedDto(summary.ForcingFileId, extra.FileName, request.Forcing?.OnScene is not null, notes.RootElement.Clone()), hourDtos));
    }

    private sealed record DetailRow(string Request, string Notes, string? FileName);

    private sealed record HourRow(int Hour, DateTimeOffset At, int ActiveCount, int StrandedCount, double MeanLatitude, double MeanLongitude,
        double DatumLatitude, double DatumLongitude, double DriftMetres, double ProbableErrorMetres, double SearchRadiusMetres, string Containment);
}
