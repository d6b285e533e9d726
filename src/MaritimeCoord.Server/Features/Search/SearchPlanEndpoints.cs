using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Contracts.Search;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Search;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Server.Features.Drift;
using MaritimeCoord.Server.Features.Incidents;
using MaritimeCoord.Server.Features.Sightings;
using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Outbox;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaritimeCoord.Server.Features.Search;

/// <summary>
/// Search plans of an incident (issue 14 items 4–5, docs/search-planning.md): proposed by the planner over a drift
/// run's probability map (after earlier plans' results), adjusted while proposed, issued, exported as RTZ/GPX, and
/// updated by each asset's search result. Reading follows IncidentAccess; only the coordinating centre's operators
/// and admins change anything.
/// </summary>
public static class SearchPlanEndpoints
{
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>An actual track as GPX text: within the body limit, with room for the other fields.</summary>
    public const int MaxTrackGpxLength = 3 * 1024 * 1024;
    public const int MaxAssets = 20;

    private const string NotValid = "The search plan is not valid.";

    public static async Task<IResult> ProposeAsync(Guid id, HttpRequest request, IOptions<JsonOptions> json,
        [AsParameters] SearchPlanServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        if (IdempotencyKeys.Read(request, out var key) is { } badKey) return badKey;
        if (!request.HasJsonContentType())
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Send the plan as application/json.");

        var incident = await db.Incidents.AsNoTracking().VisibleTo(user, db).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return TypedResults.NotFound();
        if (!user.MayCoordinate(incident))
            return Problems.Refused(new Refusal(RefusalCode.NotCoordinatingCentre, $"Only the coordinating centre ({incident.CoordinatingCentreCode}) plans searches."));

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

        SearchPlanRequest? dto;
        try
        {
            dto = JsonSerializer.Deserialize<SearchPlanRequest>(body, json.Value.SerializerOptions);
        }
        catch (JsonException e)
        {
            return Problems.Field(Problems.FieldFromJsonPath(e), Problems.DescribeJsonError(e), StatusCodes.Status422UnprocessableEntity);
        }
        if (dto is null) return Problems.Field("body", "The body must be a JSON object.", StatusCodes.Status422UnprocessableEntity);

        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message)
        {
            if (!errors.ContainsKey(field)) errors[field] = [message];
        }

        // The run: this incident's, finished, and the start inside its hours.
        RunRow? run = null;
        List<HourMean> hours = [];
        if (dto.DriftRunId is not { } runId) Fail("driftRunId", "driftRunId is required (a succeeded drift run of this incident).");
        else
        {
            var runs = await db.Database.SqlQuery<RunRow>($"SELECT incident_id, status, object_class FROM drift_runs WHERE id = {runId}").ToListAsync(ct);
            if (runs.Count == 0) Fail("driftRunId", $"No drift run {runId}.");
            else if (runs[0].IncidentId != id) Fail("driftRunId", "driftRunId is a run of another incident.");
            else if (runs[0].Status != "succeeded") Fail("driftRunId", $"The drift run is {runs[0].Status}: a plan needs a completed run.");
            else
            {
                run = runs[0];
                hours = await SearchPlanStore.HourMeansAsync(db, runId, ct);
            }
        }
        DateTimeOffset? start = null;
        if (dto.Start is null) Fail("start", "start is required (ISO 8601 with a UTC offset).");
        else if (!LogSightingEndpoint.TryParseInstant(dto.Start, out var parsed)) Fail("start", "start must be an ISO 8601 time with a UTC offset, e.g. 2026-12-07T06:00:00Z.");
        else start = parsed.ToUniversalTime();
        HourMean? hour = null;
        if (start is { } s && hours.Count > 0)
        {
            var first = hours.Min(h => h.At);
            var last = hours.Max(h => h.At);
            if (s < first) Fail("start", $"start is before the drift run's first hour ({first:u}).");
            else if (s > last) Fail("start", $"start is after the drift run's last hour ({last:u}).");
            else hour = hours.MinBy(h => Math.Abs((h.At - s).Ticks));
        }
        var assets = ParseAssets(dto.Assets, run?.ObjectClass, Fail);
        if (errors.Count > 0 || run is null || hour is null || start is null || assets is null) return Unprocessable(errors);

        // The prior: the run's grid at the hour, the particles weighted by every earlier search's misses.
        var geometry = await RunGridAsync(db, dto.DriftRunId!.Value, hour.Hour, ct);
        var (prior, priorFrom) = await PriorAsync(db, id, dto.DriftRunId.Value, hour, hours, geometry, ct);
        var proposal = SearchPlanner.Propose(prior, assets.Select(a => a.Asset).ToList());

        var now = clock.GetUtcNow();
        var (cells, probabilities) = prior.NonEmptyCells();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The incident row serialises numbering: plan numbers never repeat and leave no holes.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM incidents WHERE id = {id} FOR UPDATE", ct);
        var number = (await db.Database.SqlQuery<int>($"""SELECT COALESCE(MAX(number), 0) + 1 AS "Value" FROM search_plans WHERE incident_id = {id}""").ToListAsync(ct))[0];
        var keyParameter = new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = (object?)key ?? DBNull.Value };
        try
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO search_plans (incident_id, number, drift_run_id, run_hour, grid_at, start_at, status, grid_centre_latitude, grid_centre_longitude,
                    grid_origin_x, grid_origin_y, grid_cell_metres, grid_columns, grid_rows, grid_cells, grid_probabilities, grid_probability_in_grid,
                    grid_stranded_probability, prior_from, request, created_by, created_at, idempotency_key, request_fingerprint)
                VALUES ({id}, {number}, {dto.DriftRunId.Value}, {hour.Hour}, {hour.At}, {start.Value}, 'proposed', {prior.Projection.CentreLatitude},
                    {prior.Projection.CentreLongitude}, {prior.OriginX}, {prior.OriginY}, {prior.CellSizeMetres}, {prior.Columns}, {prior.Rows}, {cells},
                    {probabilities}, {prior.ProbabilityInGrid}, {prior.StrandedProbability}, {priorFrom}, {Encoding.UTF8.GetString(body)}::jsonb, {subject}, {now},
                    {keyParameter}, {fingerprint})
                """, ct);
        }
        catch (PostgresException e) when (key is not null && e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackAsync(ct);
            var winner = await FindByKeyAsync(db, subject, key, ct) ?? throw new InvalidOperationException("Idempotency-key conflict but no stored plan.", e);
            return Replay(winner, fingerprint, id);
        }
        var placed = proposal.Assignments.ToDictionary(a => a.Asset.AssetCode, StringComparer.Ordinal);
        for (int i = 0; i < assets.Count; i++)
        {
            var a = assets[i];
            placed.TryGetValue(a.Asset.AssetCode, out var assignment);
            var pattern = SearchWireNames.Of(assignment?.Pattern ?? a.Asset.Pattern ?? SearchPattern.ParallelSweep);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO search_plan_assignments (incident_id, number, asset_code, ordinal, speed_knots, endurance_hours, sweep_width_nm, object_type,
                    visibility_nm, sea_state, pattern, track_spacing_metres, centre_x, centre_y, length_metres, width_metres, orientation_degrees)
                VALUES ({id}, {number}, {a.Asset.AssetCode}, {i}, {a.Asset.SpeedKnots}, {a.Asset.EnduranceHours}, {a.Asset.SweepWidthNm},
                    {Nullable("object_type", a.ObjectType is { } t ? SearchWireNames.Of(t) : null)}, {Nullable("visibility_nm", a.VisibilityNm)},
                    {Nullable("sea_state", a.SeaState is { } sea ? SearchWireNames.Of(sea) : null)}, {pattern},
                    {Nullable("spacing", assignment?.TrackSpacingMetres)}, {Nullable("cx", assignment?.Area.CentreX)}, {Nullable("cy", assignment?.Area.CentreY)},
                    {Nullable("length", assignment?.Area.LengthMetres)}, {Nullable("width", assignment?.Area.WidthMetres)},
                    {Nullable("orientation", assignment?.Area.OrientationDegrees)})
                """, ct);
        }
        db.IncidentTimeline.Add(ChangeIncident.Entry(incident, user, SearchTimelineKinds.Proposed,
            Invariant($"Search plan {number} proposed on drift run {DriftRunJob.ShortId(dto.DriftRunId.Value)} from {start.Value:yyyy-MM-dd HH:mm}Z: {proposal.Assignments.Count} of {assets.Count} assets placed, POS {proposal.ProbabilityOfSuccess:P1}{(priorFrom.Length > 0 ? $" (map after the results of plan {string.Join(", ", priorFrom)})" : "")}."), now));
        outbox.Add(new SearchPlanProposed(id, incident.Reference, number, dto.DriftRunId.Value, start.Value, assets.Select(a => a.Asset.AssetCode).ToList(),
            proposal.ProbabilityOfSuccess, user.DisplayName(), incident.CoordinatingCentreCode, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var plan = await SearchPlanStore.ComputeOneAsync(db, id, number, ct);
        return TypedResults.Created(Location(id, number), SearchPlanStore.ToDto(plan!));
    }

    private static NpgsqlParameter Nullable(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Nullable(string name, double? value) => new(name, NpgsqlDbType.Double) { Value = (object?)value ?? DBNull.Value };

    internal static string Location(Guid id, int number) => $"/api/incidents/{id}/search-plans/{number}";

    private sealed record RunRow(Guid IncidentId, string Status, string ObjectClass);

    internal sealed record ParsedAsset(SearchAsset Asset, SearchObjectType? ObjectType, double? VisibilityNm, SeaConditions? SeaState);

    private static List<ParsedAsset>? ParseAssets(List<SearchAssetRequest>? list, string? objectClass, Action<string, string> fail)
    {
        if (list is not { Count: >= 1 and <= MaxAssets })
        {
            fail("assets", $"assets needs 1–{MaxAssets} assets.");
            return null;
        }
        var result = new List<ParsedAsset>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        bool ok = true;
        for (int i = 0; i < list.Count; i++)
        {
            var a = list[i];
            var f = $"assets[{i}]";
            if (a is null) { fail(f, $"{f} must be an object."); ok = false; continue; }
            var code = a.AssetCode?.Trim();
            if (string.IsNullOrEmpty(code) || code.Length > 64) { fail($"{f}.assetCode", $"{f}.assetCode is required (1–64 characters)."); ok = false; }
            else if (!codes.Add(code)) { fail($"{f}.assetCode", $"{f}.assetCode {code} appears twice."); ok = false; }
            if (a.SpeedKnots is not (> 0 and <= 1000)) { fail($"{f}.speedKnots", $"{f}.speedKnots is required and must be above 0 (at most 1000)."); ok = false; }
            if (a.EnduranceHours is not (> 0 and <= 240)) { fail($"{f}.enduranceHours", $"{f}.enduranceHours is required and must be above 0 (at most 240)."); ok = false; }
            SearchPattern? pattern = null;
            if (a.Pattern is not null)
            {
                if (SearchWireNames.TryPattern(a.Pattern, out var p)) pattern = p;
                else { fail($"{f}.pattern", $"Unknown pattern '{Clip(a.Pattern)}'; valid: {SearchWireNames.Patterns}."); ok = false; }
            }
            double? w = null;
            SearchObjectType? type = null;
            SeaConditions? sea = null;
            if (a.SweepWidthNm is { } given)
            {
                if (!(given is > 0 and <= 100)) { fail($"{f}.sweepWidthNm", $"{f}.sweepWidthNm must be above 0 (at most 100 NM)."); ok = false; }
                else w = given;
            }
            else
            {
                // From the IAMSAR table: the object type given, else the run's object class's row.
                if (a.ObjectType is not null)
                {
                    if (SearchWireNames.TryObjectType(a.ObjectType, out var t)) type = t;
                    else { fail($"{f}.objectType", $"Unknown objectType '{Clip(a.ObjectType)}'; valid: {SearchWireNames.ObjectTypes}."); ok = false; }
                }
                else if (objectClass is not null) type = SweepWidths.ForLeewayClass(objectClass);
                if (a.ObjectType is null && type is null)
                {
                    fail($"{f}.sweepWidthNm", $"{f}.sweepWidthNm is required: give it, or objectType with visibilityNm and seaState to look it up" +
                        (objectClass is null ? "." : $" (the table has no row for the run's object class {objectClass})."));
                    ok = false;
                }
                if (a.VisibilityNm is not (> 0 and <= 100)) { fail($"{f}.visibilityNm", $"{f}.visibilityNm (NM, above 0, at most 100) is required to look the sweep width up."); ok = false; }
                if (a.SeaState is null || !SearchWireNames.TrySeaState(a.SeaState, out var s)) { fail($"{f}.seaState", $"{f}.seaState (calm, moderate or rough) is required to look the sweep width up."); ok = false; }
                else sea = s;
                if (ok && type is { } known && sea is { } conditions) w = SweepWidths.Corrected(known, a.VisibilityNm!.Value, conditions);
            }
            if (ok && w is { } width)
                result.Add(new ParsedAsset(new SearchAsset(code!, a.SpeedKnots!.Value, a.EnduranceHours!.Value, width, pattern), type, a.VisibilityNm, sea));
        }
        return ok ? result : null;
    }

    private static async Task<ProbabilityGrid> RunGridAsync(MaritimeDbContext db, Guid runId, int hour, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<DriftRunGeoJson.GridRow>($"""
            SELECT at, grid_centre_latitude, grid_centre_longitude, grid_origin_x, grid_origin_y, grid_cell_metres, grid_columns, grid_rows,
                   grid_cells, grid_probabilities, grid_probability_in_grid, grid_stranded_probability
            FROM drift_run_hours WHERE run_id = {runId} AND hour = {hour}
            """).ToListAsync(ct);
        return DriftRunGeoJson.RestoreGrid(rows[0]);
    }

    /// <summary>
    /// The run's stored grid at the hour when no earlier plan has results; otherwise the run's particles at the hour,
    /// each weighted by Π(1 − POD) of the cells it was in at every earlier plan's grid time (its position then taken
    /// from this run, at the hour nearest that time), binned into the same grid. Plans whose time falls outside this
    /// run's hours cannot be carried over (the particles were not there then) and are left out of priorFrom.
    /// </summary>
    private static async Task<(ProbabilityGrid Prior, int[] From)> PriorAsync(MaritimeDbContext db, Guid incidentId, Guid runId, HourMean hour,
        List<HourMean> hours, ProbabilityGrid geometry, CancellationToken ct)
    {
        var searched = (await SearchPlanStore.PlansAsync(db, incidentId, null, ct)).Where(p => p.AchievedProbabilityOfSuccess is not null).ToList();
        if (searched.Count == 0) return (geometry, []);
        var first = hours.Min(h => h.At);
        var last = hours.Max(h => h.At);
        var step = hours.Count > 1 ? TimeSpan.FromTicks(Math.Abs((hours[1].At - hours[0].At).Ticks) / 2) : TimeSpan.FromMinutes(30);
        var now = (await SearchPlanStore.ParticlesAsync(db, runId, hour.Hour, ct))!.Value;
        var weights = new double[now.Latitudes.Length];
        Array.Fill(weights, 1.0);
        var from = new List<int>();
        foreach (var plan in searched)
        {
            if (plan.GridAt < first - step || plan.GridAt > last + step) continue;
            var then = hours.MinBy(h => Math.Abs((h.At - plan.GridAt).Ticks))!;
            var particles = (await SearchPlanStore.ParticlesAsync(db, runId, then.Hour, ct))!.Value;
            var computed = await SearchPlanStore.ComputeAsync(db, plan, 0, ct);
            SearchPriors.ApplyMisses(computed.Prior, computed.Update!.ProbabilityOfDetection, particles.Latitudes, particles.Longitudes, weights);
            from.Add(plan.Number);
        }
        if (from.Count == 0) return (geometry, []);
        return (SearchPriors.Rebin(geometry, now.Latitudes, now.Longitudes, weights), from.ToArray());
    }

    private static async Task<(int Number, Guid IncidentId, string? Fingerprint)?> FindByKeyAsync(MaritimeDbContext db, string subject, string key, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<KeyRow>($"""
            SELECT number, incident_id, request_fingerprint FROM search_plans WHERE created_by = {subject} AND idempotency_key = {key}
            """).ToListAsync(ct);
        return rows.Count == 0 ? null : (rows[0].Number, rows[0].IncidentId, rows[0].RequestFingerprint);
    }

    private sealed record KeyRow(int Number, Guid IncidentId, string? RequestFingerprint);

    private static IResult Replay((int Number, Guid IncidentId, string? Fingerprint) previous, string fingerprint, Guid incidentId)
    {
        if (previous.IncidentId != incidentId || !string.Equals(previous.Fingerprint, fingerprint, StringComparison.Ordinal))
            return Problems.Field(LogSightingEndpoint.IdempotencyHeader,
                $"This {LogSightingEndpoint.IdempotencyHeader} was already used for a different search plan; use a new key for a new plan.",
                StatusCodes.Status422UnprocessableEntity);
        return new ReplayedResult(previous.IncidentId, previous.Number);
    }

    /// <summary>201 again with the original plan: the retried post proposes nothing new.</summary>
    private sealed class ReplayedResult(Guid incidentId, int number) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var db = httpContext.RequestServices.GetRequiredService<MaritimeDbContext>();
            var plan = await SearchPlanStore.ComputeOneAsync(db, incidentId, number, httpContext.RequestAborted);
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            await TypedResults.Created(Location(incidentId, number), SearchPlanStore.ToDto(plan!)).ExecuteAsync(httpContext);
        }
    }

    private static UnprocessableProblem Unprocessable(Dictionary<string, string[]> errors) => UnprocessableProblem.Wrap(TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity, title: NotValid, detail: string.Join(" ", errors.SelectMany(e => e.Value)),
        extensions: new Dictionary<string, object?> { ["errors"] = errors }));

    private static UnprocessableProblem Unprocessable(string field, string message) => Unprocessable(new Dictionary<string, string[]> { [field] = [message] });

    private static ConflictProblem Conflict(string code, string detail) => ConflictProblem.Wrap(TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "The search plan cannot change now.", detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code }));

    public static async Task<Results<Ok<List<SearchPlanDto>>, NotFound>> ListAsync(Guid id, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct)
    {
        if (!await db.Incidents.AsNoTracking().VisibleTo(user, db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
        return TypedResults.Ok((await SearchPlanStore.ComputeAllAsync(db, id, ct)).Select(SearchPlanStore.ToDto).ToList());
    }

    public static async Task<Results<Ok<SearchPlanDto>, NotFound>> GetAsync(Guid id, int number, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct)
    {
        if (!await db.Incidents.AsNoTracking().VisibleTo(user, db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
        var plan = await SearchPlanStore.ComputeOneAsync(db, id, number, ct);
        if (plan is null) return TypedResults.NotFound();
        return TypedResults.Ok(SearchPlanStore.ToDto(plan));
    }

    /// <summary>The probability map after this plan's results (its prior while it has none) as GeoJSON cells.</summary>
    public static async Task<IResult> GridAsync(Guid id, int number, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct)
    {
        if (!await db.Incidents.AsNoTracking().VisibleTo(user, db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
        var plan = await SearchPlanStore.ComputeOneAsync(db, id, number, ct);
        if (plan is null) return TypedResults.NotFound();
        var grid = plan.Update?.Updated ?? plan.Prior;
        var pod = plan.Update?.ProbabilityOfDetection;
        using var buffer = new MemoryStream();
        await using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteNumber("number", number);
            w.WriteString("at", plan.Row.GridAt);
            w.WriteBoolean("posterior", plan.Update is not null);
            w.WriteNumber("probabilityInGrid", grid.ProbabilityInGrid);
            w.WriteStartArray("features");
            var p = grid.Probabilities;
            for (int cell = 0; cell < p.Length; cell++)
            {
                // Cells the prior had: a searched cell stays on the map (with a lower probability) rather than vanishing.
                if (!(plan.Prior.Probabilities[cell] > 0)) continue;
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WritePropertyName("geometry");
                DriftRunGeoJson.WriteGeometry(w, ContainmentAreas.Cell(grid, cell % grid.Columns, cell / grid.Columns));
                w.WriteStartObject("properties");
                w.WriteNumber("cell", cell);
                w.WriteNumber("probability", p[cell]);
                w.WriteNumber("prior", plan.Prior.Probabilities[cell]);
                if (pod is not null) w.WriteNumber("probabilityOfDetection", pod[cell]);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return TypedResults.Bytes(buffer.ToArray(), "application/geo+json");
    }

    public static async Task<Results<Ok<SearchPlanDto>, NotFound, RefusedProblem, UnprocessableProblem, ConflictProblem>> AdjustAsync(Guid id, int number, string assetCode, AdjustAssignmentRequest? body,
        [AsParameters] SearchPlanServices services)
    {
        var (user, db, _, clock, ct) = services;
        var incident = await db.Incidents.AsNoTracking().VisibleTo(user, db).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return TypedResults.NotFound();
        if (!user.MayCoordinate(incident))
            return Problems.Refused(new Refusal(RefusalCode.NotCoordinatingCentre, $"Only the coordinating centre ({incident.CoordinatingCentreCode}) adjusts search plans."));
        if (body is null || (body.Area is null && body.Pattern is null && body.TrackSpacingNm is null))
            return Unprocessable("body", "Give area, pattern and/or trackSpacingNm.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = await SearchPlanStore.PlansAsync(db, id, number, ct, forUpdate: true);
        if (rows.Count == 0) return TypedResults.NotFound();
        if (rows[0].Status != "proposed")
            return Conflict("search-plan-not-proposed", $"Search plan {number} is {rows[0].Status}: only a proposed plan is adjusted (propose a new plan instead).");
        var plan = await SearchPlanStore.ComputeAsync(db, rows[0], 0, ct);
        var row = plan.Assignments.FirstOrDefault(a => string.Equals(a.AssetCode, assetCode, StringComparison.Ordinal));
        if (row is null) return TypedResults.NotFound();

        var projection = plan.Prior.Projection;
        var errors = new Dictionary<string, string[]>();
        SearchPattern pattern = row.SearchPattern;
        if (body.Pattern is not null && !SearchWireNames.TryPattern(body.Pattern, out pattern))
            errors["pattern"] = [$"Unknown pattern '{Clip(body.Pattern)}'; valid: {SearchWireNames.Patterns}."];
        double? spacing = row.TrackSpacingMetres;
        if (body.TrackSpacingNm is { } s)
        {
            if (!(s is > 0 and <= 100)) errors["trackSpacingNm"] = ["trackSpacingNm must be above 0 (at most 100 NM)."];
            else spacing = s * Distances.MetresPerNauticalMile;
        }
        double? cx = row.CentreX, cy = row.CentreY, length = row.LengthMetres, width = row.WidthMetres, orientation = row.OrientationDegrees;
        if (body.Area is { } area)
        {
            if (area.Centre is { } c)
            {
                if (c.Lat is not (>= -90 and <= 90)) errors["area.centre.lat"] = ["area.centre.lat is required, within −90–90."];
                if (c.Lon is not (>= -180 and <= 180)) errors["area.centre.lon"] = ["area.centre.lon is required, within −180–180."];
                if (!errors.ContainsKey("area.centre.lat") && !errors.ContainsKey("area.centre.lon"))
                {
                    try { (cx, cy) = projection.Forward(c.Lat!.Value, c.Lon!.Value); }
                    catch (ArgumentOutOfRangeException) { errors["area.centre"] = ["area.centre is on the far side of the earth from the plan's map."]; }
                }
            }
            if (area.LengthNm is { } l)
            {
                if (!(l is > 0 and <= 500)) errors["area.lengthNm"] = ["area.lengthNm must be above 0 (at most 500)."];
                else length = l * Distances.MetresPerNauticalMile;
            }
            if (area.WidthNm is { } wd)
            {
                if (!(wd is > 0 and <= 500)) errors["area.widthNm"] = ["area.widthNm must be above 0 (at most 500)."];
                else width = wd * Distances.MetresPerNauticalMile;
            }
            if (area.OrientationDegrees is { } o)
            {
                if (!double.IsFinite(o) || Math.Abs(o) > 360) errors["area.orientationDegrees"] = ["area.orientationDegrees must be within −360–360."];
                else orientation = o;
            }
        }
        if (errors.Count == 0 && (cx is null || length is null || width is null))
            errors["area"] = [$"{assetCode} has no area yet: give area.centre, area.lengthNm and area.widthNm."];
        if (errors.Count > 0) return Unprocessable(errors);
        orientation ??= 0;
        var newArea = new SearchArea(cx!.Value, cy!.Value, length!.Value, width!.Value, orientation.Value);
        // An asset placed for the first time spends its endurance on the area unless a spacing is given: C = W/S = Z/A.
        spacing ??= newArea.AreaSquareMetres / row.Asset().TrackLengthMetres;
        var patternName = SearchWireNames.Of(pattern);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE search_plan_assignments SET pattern = {patternName}, track_spacing_metres = {spacing.Value}, centre_x = {newArea.CentreX},
                centre_y = {newArea.CentreY}, length_metres = {newArea.LengthMetres}, width_metres = {newArea.WidthMetres}, orientation_degrees = {newArea.OrientationDegrees}
            WHERE incident_id = {id} AND number = {number} AND asset_code = {assetCode}
            """, ct);
        db.IncidentTimeline.Add(ChangeIncident.Entry(incident, user, SearchTimelineKinds.Adjusted,
            Invariant($"Search plan {number}: {assetCode} set to {patternName}, {newArea.LengthMetres / Distances.MetresPerNauticalMile:0.0} × {newArea.WidthMetres / Distances.MetresPerNauticalMile:0.0} NM at {newArea.OrientationDegrees:0}°, spacing {spacing.Value / Distances.MetresPerNauticalMile:0.00} NM."),
            clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var updated = await SearchPlanStore.ComputeOneAsync(db, id, number, ct);
        return TypedResults.Ok(SearchPlanStore.ToDto(updated!));
    }

    public static async Task<Results<Ok<SearchPlanDto>, NotFound, RefusedProblem, ConflictProblem>> IssueAsync(Guid id, int number, [AsParameters] SearchPlanServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        var incident = await db.Incidents.AsNoTracking().VisibleTo(user, db).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return TypedResults.NotFound();
        if (!user.MayCoordinate(incident))
            return Problems.Refused(new Refusal(RefusalCode.NotCoordinatingCentre, $"Only the coordinating centre ({incident.CoordinatingCentreCode}) issues search plans."));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = await SearchPlanStore.PlansAsync(db, id, number, ct, forUpdate: true);
        if (rows.Count == 0) return TypedResults.NotFound();
        if (rows[0].Status != "proposed") return Conflict("search-plan-not-proposed", $"Search plan {number} is already {rows[0].Status}.");
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"UPDATE search_plans SET status = 'issued', issued_by = {user.Subject()}, issued_at = {now} WHERE incident_id = {id} AND number = {number}", ct);
        var plan = await SearchPlanStore.ComputeAsync(db, rows[0], 0, ct);
        db.IncidentTimeline.Add(ChangeIncident.Entry(incident, user, SearchTimelineKinds.Issued,
            Invariant($"Search plan {number} issued: {string.Join(", ", plan.Evaluation.Assignments.Select(a => $"{a.Asset.AssetCode} {SearchWireNames.Of(a.Pattern)}"))}; POS {plan.Evaluation.ProbabilityOfSuccess:P1}."), now));
        outbox.Add(new SearchPlanIssued(id, incident.Reference, number, plan.Evaluation.ProbabilityOfSuccess, user.DisplayName(), incident.CoordinatingCentreCode, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(SearchPlanStore.ToDto((await SearchPlanStore.ComputeOneAsync(db, id, number, ct))!));
    }

    public static async Task<Results<Ok<SearchPlanDto>, NotFound, RefusedProblem, UnprocessableProblem, ConflictProblem>> RecordResultAsync(Guid id, int number, SearchResultRequest? body,
        [AsParameters] SearchPlanServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        var incident = await db.Incidents.AsNoTracking().VisibleTo(user, db).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return TypedResults.NotFound();
        if (!user.MayCoordinate(incident))
            return Problems.Refused(new Refusal(RefusalCode.NotCoordinatingCentre, $"Only the coordinating centre ({incident.CoordinatingCentreCode}) records search results."));
        if (body is null) return Unprocessable("body", "The body must be a JSON object.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = await SearchPlanStore.PlansAsync(db, id, number, ct, forUpdate: true);
        if (rows.Count == 0) return TypedResults.NotFound();
        var row = rows[0];
        if (row.Status == "closed") return Conflict("search-plan-closed", $"Search plan {number} is closed: every asset has reported.");
        if (row.Status == "proposed") return Conflict("search-plan-not-issued", $"Search plan {number} has not been issued: issue it before recording results.");
        var plan = await SearchPlanStore.ComputeAsync(db, row, 0, ct);

        var errors = new Dictionary<string, string[]>();
        var code = body.AssetCode?.Trim();
        var assignmentRow = code is null ? null : plan.Assignments.FirstOrDefault(a => a.Assigned && string.Equals(a.AssetCode, code, StringComparison.Ordinal));
        if (string.IsNullOrEmpty(code)) errors["assetCode"] = ["assetCode is required."];
        else if (assignmentRow is null)
            errors["assetCode"] = [$"{Clip(code)} has no assignment in search plan {number} (assets: {string.Join(", ", plan.Assignments.Where(a => a.Assigned).Select(a => a.AssetCode))})."];
        double fraction = 1;
        var searched = body.Searched?.Trim().ToLowerInvariant();
        if (searched is not ("full" or "partial")) errors["searched"] = ["searched must be full or partial."];
        else if (searched == "full" && body.FractionSearched is { } ff && ff != 1) errors["fractionSearched"] = ["fractionSearched must be 1 (or absent) when searched is full."];
        else if (searched == "partial")
        {
            if (body.FractionSearched is not (>= 0 and < 1) && body.TrackGpx is null)
                errors["fractionSearched"] = ["fractionSearched (0 to below 1) is required for a partial search without a track."];
            else fraction = body.FractionSearched ?? 1;
        }
        if (body.VisibilityNm is { } v && !(v is > 0 and <= 100)) errors["visibilityNm"] = ["visibilityNm must be above 0 (at most 100 NM)."];
        SeaConditions? sea = null;
        if (body.SeaState is not null)
        {
            if (SearchWireNames.TrySeaState(body.SeaState, out var parsedSea)) sea = parsedSea;
            else errors["seaState"] = ["seaState must be calm, moderate or rough."];
        }
        if (body.SweepWidthNm is { } sw && !(sw is > 0 and <= 100)) errors["sweepWidthNm"] = ["sweepWidthNm must be above 0 (at most 100 NM)."];
        IReadOnlyList<TrackPoint>? track = null;
        if (body.TrackGpx is not null)
        {
            try { track = GpxTrack.Parse(body.TrackGpx); }
            catch (FormatException e) { errors["trackGpx"] = [$"trackGpx: {e.Message}"]; }
        }
        if (errors.Count > 0) return Unprocessable(errors);
        if (plan.Results.Any(r => string.Equals(r.AssetCode, code, StringComparison.Ordinal)))
            return Conflict("search-result-recorded", $"{code} has already reported for search plan {number}.");

        // W on scene: given; else the table again with the conditions met (those not reported as planned); else as planned.
        var a = assignmentRow!;
        double w = body.SweepWidthNm
            ?? (a.ObjectType is not null && SearchWireNames.TryObjectType(a.ObjectType, out var type)
                ? SweepWidths.Corrected(type, body.VisibilityNm ?? a.VisibilityNm ?? 10,
                    sea ?? (a.SeaState is not null && SearchWireNames.TrySeaState(a.SeaState, out var plannedSea) ? plannedSea : SeaConditions.Calm))
                : a.SweepWidthNm);
        var report = track is not null
            ? AssetSearchReport.FromTrack(code!, w, track)
            : AssetSearchReport.FromPlan(a.Assignment()!, fraction, w);
        var coverage = SearchResults.Coverage(plan.Prior, [report], row.GridAt, plan.DriftFromGrid);
        var own = SearchResults.FromCoverage(plan.Prior, coverage);
        var total = (double[])coverage.Clone();
        foreach (var r in plan.Results)
            for (int i = 0; i < total.Length; i++) total[i] += r.Coverage[i];
        var update = SearchResults.FromCoverage(plan.Prior, total);
        bool closing = plan.Assignments.Where(x => x.Assigned).All(x => x.AssetCode == code || plan.Results.Any(r => r.AssetCode == x.AssetCode));
        var now = clock.GetUtcNow();
        var status = closing ? "closed" : row.Status;

        var wkt = track is null ? null
            : "LINESTRING(" + string.Join(", ", track.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Longitude} {p.Latitude}"))) + ")";
        var times = track?.Select(p => p.Time.UtcDateTime).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO search_plan_results (incident_id, number, asset_code, searched, fraction_searched, track, track_times, visibility_nm, sea_state,
                sweep_width_nm, coverage, probability_of_success, recorded_by, recorded_at)
            VALUES ({id}, {number}, {code}, {searched}, {(track is null ? fraction : 1)}, ST_GeomFromText({Nullable("wkt", wkt)}, 4326)::geography,
                {new NpgsqlParameter("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = (object?)times ?? DBNull.Value }},
                {Nullable("visibility", body.VisibilityNm)}, {Nullable("sea", sea is { } reported ? SearchWireNames.Of(reported) : null)}, {w}, {coverage},
                {own.ProbabilityOfSuccess}, {user.Subject()}, {now})
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE search_plans SET achieved_probability_of_success = {update.ProbabilityOfSuccess}, status = {status},
                closed_at = CASE WHEN {status} = 'closed' THEN {now} ELSE closed_at END
            WHERE incident_id = {id} AND number = {number}
            """, ct);
        var before = await SearchPlanStore.CumulativeBeforeAsync(db, id, number, ct);
        var cumulative = 1 - ((1 - before) * (1 - update.ProbabilityOfSuccess));
        db.IncidentTimeline.Add(ChangeIncident.Entry(incident, user, SearchTimelineKinds.ResultRecorded,
            Invariant($"Search plan {number}: {code} searched {(track is not null ? "(track reported)" : searched == "full" ? "fully" : $"{fraction:P0} of its pattern")}, POS {own.ProbabilityOfSuccess:P1}; plan POS {update.ProbabilityOfSuccess:P1}, cumulative {cumulative:P1}{(closing ? "; plan closed" : "")}."),
            now));
        outbox.Add(new SearchResultRecorded(id, incident.Reference, number, code!, searched!, own.ProbabilityOfSuccess, update.ProbabilityOfSuccess, cumulative,
            status, user.DisplayName(), incident.CoordinatingCentreCode, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(SearchPlanStore.ToDto((await SearchPlanStore.ComputeOneAsync(db, id, number, ct))!));
    }

    public static Task<IResult> RtzAsync(Guid id, int number, string assetCode, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct) =>
        RouteAsync(id, number, assetCode, user, db, rtz: true, ct);

    public static Task<IResult> GpxAsync(Guid id, int number, string assetCode, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct) =>
        RouteAsync(id, number, assetCode, user, db, rtz: false, ct);

    private static async Task<IResult> RouteAsync(Guid id, int number, string assetCode, ClaimsPrincipal user, MaritimeDbContext db, bool rtz, CancellationToken ct)
    {
        var incident = await db.Incidents.AsNoTracking().VisibleTo(user, db).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return TypedResults.NotFound();
        var plan = await SearchPlanStore.ComputeOneAsync(db, id, number, ct);
        var row = plan?.Assignments.FirstOrDefault(a => string.Equals(a.AssetCode, assetCode, StringComparison.Ordinal));
        if (plan is null || row?.Assignment() is not { } assignment) return TypedResults.NotFound();
        var waypoints = plan.Waypoints(assignment);
        var name = $"{incident.Reference} search plan {number} {assetCode} {SearchWireNames.Of(assignment.Pattern)}";
        using var buffer = new MemoryStream();
        if (rtz) RouteExport.WriteRtz(buffer, name, incident.CoordinatingCentreCode, waypoints, assignment.Asset.SpeedKnots);
        else RouteExport.WriteGpx(buffer, name, Invariant($"Search plan {number} of {incident.Reference}: {assetCode}, {SearchWireNames.Of(assignment.Pattern)}, track spacing {assignment.TrackSpacingMetres / Distances.MetresPerNauticalMile:0.00} NM, start {plan.Row.StartAt:yyyy-MM-dd HH:mm}Z (waypoints move with the drift)."), waypoints);
        var file = FileName($"{incident.Reference}-plan{number}-{assetCode}") + (rtz ? ".rtz" : ".gpx");
        return TypedResults.File(buffer.ToArray(), rtz ? "application/rtz+xml" : "application/gpx+xml", file);
    }

    private static string FileName(string text) =>
        new string(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());

    private static string Clip(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 60), "…");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

public static class SearchTimelineKinds
{
    public const string Proposed = "search-plan-proposed";
    public const string Adjusted = "search-plan-adjusted";
    public const string Issued = "search-plan-issued";
    public const string ResultRecorded = "search-result-recorded";
}
