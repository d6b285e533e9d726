using System.Buffers.Binary;
using System.Security.Claims;
using System.Text.Json;
using MaritimeCoord.Domain.Search;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Features.Incidents;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MaritimeCoord.Server.Features.Drift;

/// <summary>
/// A run's results at one output hour as GeoJSON (RFC 7946): the particles (Points with <c>stranded</c>, <c>side</c>
/// and <c>seeded</c>), the probability grid (cell Polygons with <c>probability</c>) and the containment areas
/// (MultiPolygons with <c>percent</c>, plus the manual datum as a Point with its search radius). Written to the
/// response while read, without building the document in memory.
/// </summary>
public static class DriftRunGeoJson
{
    public static async Task<IResult> ParticlesAsync(Guid id, Guid runId, [AsParameters] DriftRunReadServices services,
        [FromKeyedServices(DriftRunsSetup.DataSourceKey)] NpgsqlDataSource dataSource, int? hour = null)
    {
        var (user, db, ct) = services;
        if (await CheckAsync(id, runId, hour, user, db, ct) is { } refusal) return refusal;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT ST_AsBinary(particles), flags, at FROM drift_run_hours WHERE run_id = @id AND hour = @hour", conn);
        cmd.Parameters.AddWithValue("id", runId);
        cmd.Parameters.AddWithValue("hour", hour!.Value);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return TypedResults.NotFound();
        var wkb = await reader.GetFieldValueAsync<byte[]>(0, ct);
        var flags = await reader.GetFieldValueAsync<byte[]>(1, ct);
        var at = reader.GetFieldValue<DateTimeOffset>(2);

        return new GeoJsonResult(async w =>
        {
            Start(w, hour.Value, at);
            // WKB multipoint: byte order, type, count, then per point byte order, type, x, y (little endian from PostGIS here).
            var count = BinaryPrimitives.ReadInt32LittleEndian(wkb.AsSpan(5));
            for (int i = 0; i < count; i++)
            {
                var offset = 9 + 21 * i;
                var lon = BinaryPrimitives.ReadDoubleLittleEndian(wkb.AsSpan(offset + 5));
                var lat = BinaryPrimitives.ReadDoubleLittleEndian(wkb.AsSpan(offset + 13));
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteStartObject("geometry");
                w.WriteString("type", "Point");
                w.WriteStartArray("coordinates");
                w.WriteNumberValue(Math.Round(lon, 6));
                w.WriteNumberValue(Math.Round(lat, 6));
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartObject("properties");
                w.WriteBoolean("stranded", (flags[i] & 1) != 0);
                w.WriteString("side", (flags[i] & 2) != 0 ? "right" : "left");
                w.WriteBoolean("seeded", (flags[i] & 4) == 0);
                w.WriteEndObject();
                w.WriteEndObject();
                if (i % 2000 == 1999) await w.FlushAsync(ct);
            }
            End(w);
        });
    }

    public static async Task<IResult> GridAsync(Guid id, Guid runId, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct, int? hour = null)
    {
        if (await CheckAsync(id, runId, hour, user, db, ct) is { } refusal) return refusal;
        var rows = await db.Database.SqlQuery<GridRow>($"""
            SELECT at, grid_centre_latitude, grid_centre_longitude, grid_origin_x, grid_origin_y, grid_cell_metres, grid_columns, grid_rows,
                   grid_cells, grid_probabilities, grid_probability_in_grid, grid_stranded_probability
            FROM drift_run_hours WHERE run_id = {runId} AND hour = {hour!.Value}
            """).ToListAsync(ct);
        if (rows.Count == 0) return TypedResults.NotFound();
        var r = rows[0];
        var grid = RestoreGrid(r);
        return new GeoJsonResult(async w =>
        {
            Start(w, hour.Value, r.At);
            for (int i = 0; i < r.GridCells.Length; i++)
            {
                int cell = r.GridCells[i];
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WritePropertyName("geometry");
                // Cells are squares of the grid's equal-area plane: four corners (more near a pole), cut at ±180°.
                WriteGeometry(w, ContainmentAreas.Cell(grid, cell % grid.Columns, cell / grid.Columns));
                w.WriteStartObject("properties");
                w.WriteNumber("cell", cell);
                w.WriteNumber("probability", r.GridProbabilities[i]);
                w.WriteEndObject();
                w.WriteEndObject();
                if (i % 2000 == 1999) await w.FlushAsync(ct);
            }
            End(w);
            await w.FlushAsync(ct);
        });
    }

    /// <summary>The stored grid of an hour, value for value the one the job built (the search planner reads it so).</summary>
    internal static ProbabilityGrid RestoreGrid(GridRow r) => ProbabilityGrid.FromNonEmptyCells(
        new LocalProjection(r.GridCentreLatitude, r.GridCentreLongitude), r.GridOriginX, r.GridOriginY, r.GridCellMetres, r.GridColumns, r.GridRows,
        r.GridCells, r.GridProbabilities, r.GridProbabilityInGrid, r.GridStrandedProbability);

    internal static void WriteGeometry(Utf8JsonWriter w, NetTopologySuite.Geometries.Geometry geometry)
    {
        w.WriteStartObject();
        if (geometry is NetTopologySuite.Geometries.Polygon polygon)
        {
            w.WriteString("type", "Polygon");
            w.WriteStartArray("coordinates");
            WriteRings(w, polygon, nested: false);
        }
        else
        {
            w.WriteString("type", "MultiPolygon");
            w.WriteStartArray("coordinates");
            for (int i = 0; i < geometry.NumGeometries; i++) WriteRings(w, (NetTopologySuite.Geometries.Polygon)geometry.GetGeometryN(i), nested: true);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A polygon's rings; inside a MultiPolygon (<paramref name="nested"/>) wrapped in one more array.</summary>
    private static void WriteRings(Utf8JsonWriter w, NetTopologySuite.Geometries.Polygon polygon, bool nested)
    {
        if (nested) w.WriteStartArray();
        foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
        {
            w.WriteStartArray();
            foreach (var c in ring.Coordinates)
            {
                w.WriteStartArray();
                w.WriteNumberValue(Math.Round(c.X, 7));
                w.WriteNumberValue(Math.Round(c.Y, 7));
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        if (nested) w.WriteEndArray();
    }

    public static async Task<IResult> ContainmentAsync(Guid id, Guid runId, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct, int? hour = null)
    {
        if (await CheckAsync(id, runId, hour, user, db, ct) is { } refusal) return refusal;
        var areas = await db.Database.SqlQuery<AreaRow>($"""
            SELECT percent, probability, area_square_metres, ST_AsGeoJSON(area, 7) AS geometry
            FROM drift_run_containment WHERE run_id = {runId} AND hour = {hour!.Value} ORDER BY percent
            """).ToListAsync(ct);
        var datum = await db.Database.SqlQuery<DatumRow>($"""
            SELECT at, ST_AsGeoJSON(datum, 7) AS geometry, drift_metres, probable_error_metres, search_radius_metres
            FROM drift_run_hours WHERE run_id = {runId} AND hour = {hour.Value}
            """).ToListAsync(ct);
        if (datum.Count == 0) return TypedResults.NotFound();
        var d = datum[0];
        return new GeoJsonResult(async w =>
        {
            Start(w, hour.Value, d.At);
            foreach (var a in areas)
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WritePropertyName("geometry");
                w.WriteRawValue(a.Geometry, skipInputValidation: true);
                w.WriteStartObject("properties");
                w.WriteString("kind", "containment");
                w.WriteNumber("percent", a.Percent);
                w.WriteNumber("probability", a.Probability);
                w.WriteNumber("areaSquareMetres", Math.Round(a.AreaSquareMetres));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WritePropertyName("geometry");
            w.WriteRawValue(d.Geometry, skipInputValidation: true);
            w.WriteStartObject("properties");
            w.WriteString("kind", "manual-datum");
            w.WriteNumber("driftMetres", Math.Round(d.DriftMetres, 1));
            w.WriteNumber("probableErrorMetres", Math.Round(d.ProbableErrorMetres, 1));
            w.WriteNumber("searchRadiusMetres", Math.Round(d.SearchRadiusMetres, 1));
            w.WriteEndObject();
            w.WriteEndObject();
            End(w);
            await w.FlushAsync(ct);
        });
    }

    private static async Task<IResult?> CheckAsync(Guid id, Guid runId, int? hour, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct)
    {
        if (!await db.Incidents.AsNoTracking().VisibleTo(user, db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
        var runs = await db.Database.SqlQuery<RunRow>($"SELECT hours, status FROM drift_runs WHERE id = {runId} AND incident_id = {id}").ToListAsync(ct);
        if (runs.Count == 0) return TypedResults.NotFound();
        if (hour is null || hour < 0 || hour > runs[0].Hours)
            return Problems.Field("hour", $"hour must be within 0–{runs[0].Hours} (hours after the run's start).", StatusCodes.Status422UnprocessableEntity);
        if (runs[0].Status != "succeeded")
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The drift run has no results.",
                detail: $"The run is {runs[0].Status}; results are served once it has succeeded.", extensions: new Dictionary<string, object?> { ["status"] = runs[0].Status });
        return null;
    }

    private static void Start(Utf8JsonWriter w, int hour, DateTimeOffset at)
    {
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteNumber("hour", hour);
        w.WriteString("at", at);
        w.WriteStartArray("features");
    }

    private static void End(Utf8JsonWriter w)
    {
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private sealed class GeoJsonResult(Func<Utf8JsonWriter, Task> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/geo+json";
            await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter);
            await write(writer);
            await writer.FlushAsync(httpContext.RequestAborted);
        }
    }

    private sealed record RunRow(int Hours, string Status);

    internal sealed record GridRow(DateTimeOffset At, double GridCentreLatitude, double GridCentreLongitude, double GridOriginX, double GridOriginY,
        double GridCellMetres, int GridColumns, int GridRows, int[] GridCells, double[] GridProbabilities, double GridProbabilityInGrid,
        double GridStrandedProbability);

    private sealed record AreaRow(short Percent, double Probability, double AreaSquareMetres, string Geometry);

    private sealed record DatumRow(DateTimeOffset At, string Geometry, double DriftMetres, double ProbableErrorMetres, double SearchRadiusMetres);
}
