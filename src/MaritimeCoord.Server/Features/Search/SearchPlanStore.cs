using System.Buffers.Binary;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Search;
using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.Search;

internal sealed record PlanRow(Guid IncidentId, int Number, Guid DriftRunId, int RunHour, DateTimeOffset GridAt, DateTimeOffset StartAt, string Status,
    double GridCentreLatitude, double GridCentreLongitude, double GridOriginX, double GridOriginY, double GridCellMetres, int GridColumns, int GridRows,
    int[] GridCells, double[] GridProbabilities, double GridProbabilityInGrid, double GridStrandedProbability, int[] PriorFrom,
    double? AchievedProbabilityOfSuccess, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? IssuedAt, DateTimeOffset? ClosedAt)
{
    public ProbabilityGrid Grid() => ProbabilityGrid.FromNonEmptyCells(new LocalProjection(GridCentreLatitude, GridCentreLongitude), GridOriginX, GridOriginY,
        GridCellMetres, GridColumns, GridRows, GridCells, GridProbabilities, GridProbabilityInGrid, GridStrandedProbability);
}

internal sealed record AssignmentRow(string AssetCode, int Ordinal, double SpeedKnots, double EnduranceHours, double SweepWidthNm, string? ObjectType,
    double? VisibilityNm, string? SeaState, string Pattern, double? TrackSpacingMetres, double? CentreX, double? CentreY, double? LengthMetres,
    double? WidthMetres, double? OrientationDegrees)
{
    public bool Assigned => CentreX is not null && TrackSpacingMetres is not null;

    public SearchPattern SearchPattern => SearchWireNames.TryPattern(Pattern, out var p) ? p : SearchPattern.ParallelSweep;

    public SearchAsset Asset() => new(AssetCode, SpeedKnots, EnduranceHours, SweepWidthNm, SearchPattern);

    public AssetAssignment? Assignment() => Assigned
        ? new AssetAssignment(Asset(), new SearchArea(CentreX!.Value, CentreY!.Value, LengthMetres!.Value, WidthMetres!.Value, OrientationDegrees!.Value),
            SearchPattern, TrackSpacingMetres!.Value)
        : null;
}

internal sealed record ResultRow(string AssetCode, string Searched, double FractionSearched, bool HasTrack, double? VisibilityNm, string? SeaState,
    double SweepWidthNm, double[] Coverage, double ProbabilityOfSuccess, string RecordedBy, DateTimeOffset RecordedAt);

internal sealed record HourMean(int Hour, DateTimeOffset At, double Latitude, double Longitude);

/// <summary>A stored plan with its prior map, evaluated (POS per asset and for the plan) and with its results applied.</summary>
internal sealed class ComputedPlan
{
    public required PlanRow Row { get; init; }
    public required ProbabilityGrid Prior { get; init; }
    public required List<AssignmentRow> Assignments { get; init; }
    public required List<ResultRow> Results { get; init; }
    public required SearchPlan Evaluation { get; init; }
    public required DriftPath Path { get; init; }

    /// <summary>The map after the results recorded so far (null: none yet).</summary>
    public SearchUpdate? Update { get; init; }

    /// <summary>POS of the plans before this one that have results: 1 − Π(1 − achieved).</summary>
    public double PreviousCumulative { get; init; }

    public double Cumulative => 1 - ((1 - PreviousCumulative) * (1 - (Update?.ProbabilityOfSuccess ?? Evaluation.ProbabilityOfSuccess)));

    public DriftSinceStart DriftFromGrid => Path.Since(Row.GridAt, Row.GridAt);

    public IReadOnlyList<SearchWaypoint> Waypoints(AssetAssignment assignment) =>
        SearchPatterns.Waypoints(Prior, assignment, Row.StartAt, Path.Since(Row.GridAt, Row.StartAt));
}

/// <summary>Reads search plans and the drift-run data they are built on (raw SQL: the tables are not in the EF model).</summary>
internal static class SearchPlanStore
{
    public static Task<List<PlanRow>> PlansAsync(MaritimeDbContext db, Guid incidentId, int? number, CancellationToken ct, bool forUpdate = false) =>
        forUpdate
            ? db.Database.SqlQuery<PlanRow>($"""
                SELECT incident_id, number, drift_run_id, run_hour, grid_at, start_at, status, grid_centre_latitude, grid_centre_longitude, grid_origin_x,
                       grid_origin_y, grid_cell_metres, grid_columns, grid_rows, grid_cells, grid_probabilities, grid_probability_in_grid,
                       grid_stranded_probability, prior_from, achieved_probability_of_success, created_by, created_at, issued_at, closed_at
                FROM search_plans WHERE incident_id = {incidentId} AND number = {number} FOR UPDATE
                """).ToListAsync(ct)
            : db.Database.SqlQuery<PlanRow>($"""
                SELECT incident_id, number, drift_run_id, run_hour, grid_at, start_at, status, grid_centre_latitude, grid_centre_longitude, grid_origin_x,
                       grid_origin_y, grid_cell_metres, grid_columns, grid_rows, grid_cells, grid_probabilities, grid_probability_in_grid,
                       grid_stranded_probability, prior_from, achieved_probability_of_success, created_by, created_at, issued_at, closed_at
                FROM search_plans WHERE incident_id = {incidentId} AND ({number}::integer IS NULL OR number = {number}) ORDER BY number
                """).ToListAsync(ct);

    /// <summary>1 − Π(1 − achieved POS) over the incident's plans numbered below <paramref name="number"/>.</summary>
    public static async Task<double> CumulativeBeforeAsync(MaritimeDbContext db, Guid incidentId, int number, CancellationToken ct)
    {
        var achieved = await db.Database.SqlQuery<double>($"""
            SELECT achieved_probability_of_success AS "Value" FROM search_plans
            WHERE incident_id = {incidentId} AND number < {number} AND achieved_probability_of_success IS NOT NULL
            """).ToListAsync(ct);
        return 1 - achieved.Aggregate(1.0, (missed, pos) => missed * (1 - pos));
    }

    public static async Task<ComputedPlan> ComputeAsync(MaritimeDbContext db, PlanRow row, double previousCumulative, CancellationToken ct)
    {
        var assignments = await db.Database.SqlQuery<AssignmentRow>($"""
            SELECT asset_code, ordinal, speed_knots, endurance_hours, sweep_width_nm, object_type, visibility_nm, sea_state, pattern, track_spacing_metres,
                   centre_x, centre_y, length_metres, width_metres, orientation_degrees
            FROM search_plan_assignments WHERE incident_id = {row.IncidentId} AND number = {row.Number} ORDER BY ordinal
            """).ToListAsync(ct);
        var results = await db.Database.SqlQuery<ResultRow>($"""
            SELECT asset_code, searched, fraction_searched, track IS NOT NULL AS has_track, visibility_nm, sea_state, sweep_width_nm, coverage,
                   probability_of_success, recorded_by, recorded_at
            FROM search_plan_results WHERE incident_id = {row.IncidentId} AND number = {row.Number} ORDER BY recorded_at, asset_code
            """).ToListAsync(ct);
        var prior = row.Grid();
        var domain = assignments.Select(a => a.Assignment()).OfType<AssetAssignment>().ToList();
        var evaluation = SearchEvaluation.Evaluate(prior, domain, assignments.Where(a => !a.Assigned).Select(a => a.Asset()).ToList());
        var means = await HourMeansAsync(db, row.DriftRunId, ct);
        SearchUpdate? update = null;
        if (results.Count > 0)
        {
            var sum = new double[prior.CellCount];
            foreach (var r in results)
                for (int i = 0; i < sum.Length; i++) sum[i] += r.Coverage[i];
            update = SearchResults.FromCoverage(prior, sum);
        }
        return new ComputedPlan
        {
            Row = row, Prior = prior, Assignments = assignments, Results = results, Evaluation = evaluation, Update = update,
            Path = new DriftPath(prior.Projection, means.Select(m => (m.At, m.Latitude, m.Longitude))),
            PreviousCumulative = previousCumulative,
        };
    }

    public static Task<List<HourMean>> HourMeansAsync(MaritimeDbContext db, Guid runId, CancellationToken ct) =>
        db.Database.SqlQuery<HourMean>($"""
            SELECT hour, at, ST_Y(mean_position::geometry) AS latitude, ST_X(mean_position::geometry) AS longitude
            FROM drift_run_hours WHERE run_id = {runId} ORDER BY hour
            """).ToListAsync(ct);

    /// <summary>All particles of a run at an output hour, in seeding order (the same particle has the same index every hour).</summary>
    public static async Task<(double[] Latitudes, double[] Longitudes)?> ParticlesAsync(MaritimeDbContext db, Guid runId, int hour, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<byte[]>($"""SELECT ST_AsBinary(particles) AS "Value" FROM drift_run_hours WHERE run_id = {runId} AND hour = {hour}""").ToListAsync(ct);
        if (rows.Count == 0) return null;
        var wkb = rows[0];
        // WKB multipoint from PostGIS: byte order, type, count, then per point byte order, type, x, y (little endian).
        int n = BinaryPrimitives.ReadInt32LittleEndian(wkb.AsSpan(5));
        var lat = new double[n];
        var lon = new double[n];
        for (int i = 0; i < n; i++)
        {
            lon[i] = BinaryPrimitives.ReadDoubleLittleEndian(wkb.AsSpan(9 + (21 * i) + 5));
            lat[i] = BinaryPrimitives.ReadDoubleLittleEndian(wkb.AsSpan(9 + (21 * i) + 13));
        }
        return (lat, lon);
    }

    public static SearchPlanDto ToDto(ComputedPlan plan)
    {
        var row = plan.Row;
        var outcomes = plan.Evaluation.Outcomes.ToDictionary(o => o.AssetCode, StringComparer.Ordinal);
        var results = plan.Results.ToDictionary(r => r.AssetCode, StringComparer.Ordinal);
        var assignments = new List<AssignmentDto>();
        foreach (var a in plan.Assignments)
        {
            if (a.Assignment() is not { } assignment) continue;
            var outcome = outcomes[a.AssetCode];
            var area = assignment.Area;
            var (clat, clon) = plan.Prior.Projection.Inverse(area.CentreX, area.CentreY);
            var ring = area.Corners().Select(c => plan.Prior.Projection.InverseUnwrapped(c.X, c.Y)).Select(p => new[] { Math.Round(p.Longitude, 7), Math.Round(p.Latitude, 7) }).ToList();
            ring.Add(ring[0]);
            var waypoints = plan.Waypoints(assignment).Select(w => new WaypointDto(Math.Round(w.Position.Latitude, 7), Math.Round(w.Position.Longitude, 7), w.Time)).ToList();
            SearchResultDto? result = results.TryGetValue(a.AssetCode, out var r)
                ? new SearchResultDto(r.Searched, r.FractionSearched, r.HasTrack, r.SweepWidthNm, r.VisibilityNm, r.SeaState, r.ProbabilityOfSuccess, r.RecordedBy, r.RecordedAt)
                : null;
            assignments.Add(new AssignmentDto(a.AssetCode, a.Pattern, assignment.TrackSpacingMetres / Distances.MetresPerNauticalMile, outcome.Coverage,
                outcome.ProbabilityOfDetection, outcome.ProbabilityOfSuccess, outcome.ProbabilityOfContainment, a.SpeedKnots, a.EnduranceHours, a.SweepWidthNm,
                outcome.TrackLengthMetres / Distances.MetresPerNauticalMile,
                new AreaDto(new LatLonDto(Math.Round(clat, 7), Math.Round(clon, 7)), area.LengthMetres / Distances.MetresPerNauticalMile,
                    area.WidthMetres / Distances.MetresPerNauticalMile, area.OrientationDegrees),
                new PolygonDto("Polygon", [ring.ToArray()]), waypoints, result));
        }
        return new SearchPlanDto(row.Number, row.DriftRunId, row.Status, row.StartAt, row.RunHour, row.GridAt, plan.Evaluation.ProbabilityOfSuccess,
            plan.Update?.ProbabilityOfSuccess, plan.Cumulative, row.PriorFrom, assignments,
            plan.Assignments.Where(a => !a.Assigned).Select(a => a.AssetCode).ToList(), row.CreatedBy, row.CreatedAt, row.IssuedAt, row.ClosedAt);
    }

    /// <summary>Every plan of the incident computed, in number order, each with the cumulative POS of those before it.</summary>
    public static async Task<List<ComputedPlan>> ComputeAllAsync(MaritimeDbContext db, Guid incidentId, CancellationToken ct)
    {
        var plans = new List<ComputedPlan>();
        double before = 0;
        foreach (var row in await PlansAsync(db, incidentId, null, ct))
        {
            plans.Add(await ComputeAsync(db, row, before, ct));
            if (row.AchievedProbabilityOfSuccess is { } achieved) before = 1 - ((1 - before) * (1 - achieved));
        }
        return plans;
    }

    public static async Task<ComputedPlan?> ComputeOneAsync(MaritimeDbContext db, Guid incidentId, int number, CancellationToken ct)
    {
        var rows = await PlansAsync(db, incidentId, number, ct);
        if (rows.Count == 0) return null;
        return await ComputeAsync(db, rows[0], await CumulativeBeforeAsync(db, incidentId, number, ct), ct);
    }

    internal static GeoPosition Position(ProbabilityGrid grid, double x, double y)
    {
        var (lat, lon) = grid.Projection.Inverse(x, y);
        return new GeoPosition(lat, lon);
    }
}
