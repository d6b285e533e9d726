using System.Buffers.Binary;
using System.Security.Claims;
using System.Text.Json;
using MaritimeCoord.Domain.DriftRuns;
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
    public static async Task<IResult> ParticlesAsync(Guid id, Guid runId, ClaimsPrincipal user, MaritimeDbContext db,
        [FromKeyedServices(DriftRunsSetup.DataSourceKey)] NpgsqlDataSource dataSource, CancellationToken ct,
        int? hour = null)
    {
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
            SELECT at, grid_west, grid_south, grid_cell_lon, grid_cell_lat, grid_columns, grid_rows, grid_cells, grid_probabilities
            FROM drift_run_hours WHERE run_id = {runId} AND hour = {hour!.Value}
            """).ToListAsync(ct);
        if (rows.Count == 0) return TypedResults.NotFound();
        var r = rows[0];
        var grid = ProbabilityGrid.Restore(r.GridWest, r.GridSouth, r.GridCellLon, r.GridCellLat, r.GridColumns, r.GridRows, r.GridCells, r.GridProbabilities);
        return new GeoJsonResult(async w =>
        {
            Start(w, hour.Value, r.At);
            for (int i = 0; i < grid.CellIndexes.Length; i++)
            {
                var (west, south, east, north) = grid.CellBounds(grid.CellIndexes[i]);
                // Cells never straddle ±180° (the grid has an edge there): a cell east of it is moved back whole.
                var shift = (west + east) / 2 > 180 ? -360 : (west + east) / 2 < -180 ? 360 : 0;
                west += shift; east += shift;
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteStartObject("geometry");
                w.WriteString("type", "Polygon");
                w.WriteStartArray("coordinates");
                w.WriteStartArray();
                foreach (var (x, y) in new[] { (west, south), (east, south), (east, north), (west, north), (west, south) })
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(Math.Round(x, 7));
                    w.WriteNumberValue(Math.Round(y, 7));
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartObject("properties");
                w.WriteNumber("cell", grid.CellIndexes[i]);
                w.WriteNumber("probability", grid.Probabilities[i]);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            End(w);
            await w.FlushAsync(ct);
        });
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

    private sealed record GridRow(DateTimeOffset At, double GridWest, double GridSouth, double GridCellLon, double GridCellLat, int GridColumns, int GridRows,
        int[] GridCells, float[] GridProbabilities);

    private sealed record AreaRow(short Percent, double Probability, double AreaSquareMetres, string Geometry);

    private sealed record DatumRow(DateTimeOffset At, string Geometry, double DriftMetres, double ProbableErrorMetres, double SearchRadiusMetres);
}
