using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Hangfire;
using MaritimeCoord.Contracts.Drift;
using MaritimeCoord.Domain.Drift;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Search;
using MaritimeCoord.Forcing;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Persistence.Geo;
using MaritimeCoord.Server.Outbox;
using MaritimeCoord.Server.Realtime;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.Server.Features.Drift;

/// <summary>
/// Computes one drift run (Hangfire job): claims the run, runs the model on its own thread while a writer streams each
/// output hour into <c>drift_run_hours</c> by binary COPY (particles, probability grid, manual datum) and keeps the
/// containment outlines for the end; then, in the same transaction, the containment rows, the run's status, a timeline
/// entry and the <c>DriftRunCompleted</c> event. Either the run's results and "succeeded" are committed together or
/// nothing is. Progress goes straight to the incident's hub group (see <see cref="DriftRunProgress"/>).
/// </summary>
public sealed class DriftRunJob(
    MaritimeDbContext db,
    [FromKeyedServices(DriftRunsSetup.DataSourceKey)] NpgsqlDataSource dataSource,
    OutboxWriter outbox,
    ForcingFiles forcingFiles,
    DriftLand land,
    IHubContext<SituationHub> hub,
    TimeProvider clock,
    IOptions<DriftOptions> options,
    IOptions<JsonOptions> json,
    ILogger<DriftRunJob> log)
{
    public static readonly int[] ContainmentPercents = [50, 90, 95];

    /// <summary>
    /// The grid each hour stores (the search planner's, read back by <see cref="DriftRunGeoJson.RestoreGrid"/>): stranded
    /// particles count where they stopped, so the grid and its containment areas are shares of the whole cloud.
    /// </summary>
    /// <remarks>
    /// Cells across the cloud grow with the square root of the particles (about ten per cell, 16 to 64 across): a cell
    /// holding one or two particles says more about the random draw than about where the object is, and a containment
    /// area drawn from such cells is a scatter of single cells, costly to outline every hour and useless to a planner.
    /// </remarks>
    public static ProbabilityGridOptions GridOptionsFor(int particles) => new()
    {
        Stranded = StrandedRule.Include,
        CellsAcross = Math.Clamp((int)Math.Sqrt(particles / 10.0), 16, 64),
    };

    private const string HoursCopySql = """
        COPY drift_run_hours (run_id, hour, at, particles, flags, active_count, stranded_count, mean_position, datum, drift_metres,
                              probable_error_metres, search_radius_metres, grid_centre_latitude, grid_centre_longitude, grid_origin_x,
                              grid_origin_y, grid_cell_metres, grid_columns, grid_rows, grid_cells, grid_probabilities, grid_probability_in_grid,
                              grid_stranded_probability) FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>Runs the drift run if it is queued (or was interrupted); returns false when there was nothing to do.</summary>
    [AutomaticRetry(Attempts = 0)] // failures are recorded on the run itself; the sweep handles interruptions
    [Queue("default")]
    public async Task<bool> RunAsync(Guid runId, CancellationToken ct)
    {
        var claimed = await ClaimAsync(runId, ct);
        if (claimed is null) return false;
        var (incident, requestJson) = claimed.Value;
        try
        {
            await ComputeAndStoreAsync(runId, incident, requestJson, ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown: hand the run back so the sweep (here or on another node) runs it again.
            await using var conn = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await using var cmd = new NpgsqlCommand("UPDATE drift_runs SET status = 'queued', heartbeat_at = NULL WHERE id = @id AND status = 'running'", conn);
            cmd.Parameters.AddWithValue("id", runId);
            await cmd.ExecuteNonQueryAsync(CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            log.LogError(e, "Drift run {RunId} failed", runId);
            db.ChangeTracker.Clear();
            await FailAsync(runId, incident, DescribeFailure(e), CancellationToken.None);
            return true;
        }
    }

    internal static string DescribeFailure(Exception e) => e switch
    {
        ForcingFileException f => f.Message,
        ArgumentException a => a.Message,
        _ => "The drift run failed on the server (" + e.GetType().Name + "); see the server log.",
    };

    private async Task<(Incident Incident, string Request)?> ClaimAsync(Guid runId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        // Atomic claim: only a queued run, or a running one whose worker stopped beating, is taken; a duplicate job
        // (Hangfire is at-least-once, the sweep re-enqueues) finds nothing to do.
        await using var cmd = new NpgsqlCommand("""
            UPDATE drift_runs SET status = 'running', attempts = attempts + 1, started_at = @now, heartbeat_at = @now, progress = 0, error = NULL
            WHERE id = @id AND (status = 'queued' OR (status = 'running' AND heartbeat_at < @stale))
            RETURNING incident_id, request::text
            """, conn);
        cmd.Parameters.AddWithValue("id", runId);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("stale", now - options.Value.StaleAfter);
        Guid incidentId;
        string request;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return null;
            incidentId = reader.GetGuid(0);
            request = reader.GetString(1);
        }
        var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == incidentId, ct);
        return (incident, request);
    }

    private async Task ComputeAndStoreAsync(Guid runId, Incident incident, string requestJson, CancellationToken ct)
    {
        var dto = JsonSerializer.Deserialize<DriftRunRequest>(requestJson, json.Value.SerializerOptions)
                  ?? throw new InvalidOperationException("Stored drift request is empty.");
        // Validated when posted; the time check is against the creation time, so a later start is not "in the future".
        var createdAt = await db.Database.SqlQuery<DateTimeOffset>($"SELECT created_at AS \"Value\" FROM drift_runs WHERE id = {runId}").SingleAsync(ct);
        var (run, errors) = DriftRunValidation.Validate(dto, createdAt);
        if (run is null) throw new ArgumentException("The stored request is no longer valid: " + string.Join(" ", errors.SelectMany(e => e.Value)));

        var notes = new List<string>();
        IDriftForcing forcing;
        if (run.ForcingFileId is { } fileId)
        {
            var file = await forcingFiles.LoadFieldsAsync(fileId, ct);
            forcing = new GriddedForcing(file.Wind, file.Current, run.OnScene);
            if (file.Wind is null) notes.Add(run.OnScene?.HasWind == true ? $"{file.Name} has no wind: on-scene wind used everywhere." : $"{file.Name} has no wind and no on-scene wind was given: zero wind.");
            if (file.Current is null) notes.Add(run.OnScene?.HasCurrent == true ? $"{file.Name} has no current: on-scene current used everywhere." : $"{file.Name} has no current and no on-scene current was given: zero current.");
        }
        else
        {
            forcing = run.OnScene!;
            if (!run.OnScene!.HasWind) notes.Add("No wind given: zero wind (current only).");
            if (!run.OnScene.HasCurrent) notes.Add("No current given: zero current (leeway only).");
        }

        var model = run.Model;
        var hours = (int)model.Duration.TotalHours;
        var datum = ManualTrajectory(run, forcing, hours);
        var mask = LandMaskFor(run, run.ForcingFileId is not null);

        var snapshots = Channel.CreateBounded<DriftSnapshot>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var progress = new ProgressState(hours);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var modelTask = Task.Factory.StartNew(() =>
        {
            try
            {
                return DriftModel.Run(model, forcing, mask, new DriftRunOptions
                {
                    KeepSnapshots = false,
                    CancellationToken = stop.Token,
                    Progress = p => progress.Report(p),
                    // The writer keeps up or the model waits: at most a few hours of particles are held in memory.
                    OnSnapshot = s => snapshots.Writer.WriteAsync(s, stop.Token).AsTask().GetAwaiter().GetResult(),
                });
            }
            finally
            {
                snapshots.Writer.TryComplete();
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var progressTask = ReportProgressAsync(runId, incident, progress, stop.Token);

        var containment = new List<(int Hour, int Percent, byte[] Wkb, double Probability)>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var delete = new NpgsqlCommand("DELETE FROM drift_run_hours WHERE run_id = @id; DELETE FROM drift_run_containment WHERE run_id = @id", conn))
        {
            delete.Parameters.AddWithValue("id", runId);
            await delete.ExecuteNonQueryAsync(ct);
        }

        DriftResult result;
        try
        {
            await using (var importer = await conn.BeginBinaryImportAsync(HoursCopySql, ct))
            {
                var hour = 0;
                await foreach (var snapshot in snapshots.Reader.ReadAllAsync(ct))
                {
                    WriteHour(importer, runId, hour, snapshot, datum[Math.Min(hour, datum.Length - 1)], run, containment);
                    progress.HourStored(hour);
                    hour++;
                }
                result = await modelTask;
                await importer.CompleteAsync(ct);
            }
        }
        finally
        {
            await stop.CancelAsync();
            try { await progressTask; } catch (OperationCanceledException) { /* stopped with the run */ }
            try { await modelTask; } catch (OperationCanceledException) { /* cancelled: the exception that matters is rethrown above */ }
        }

        await using (var copy = await conn.BeginBinaryImportAsync(
                         "COPY drift_run_containment (run_id, hour, percent, area, area_square_metres, probability) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (hour, percent, wkb, probability) in containment)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(runId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(hour, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync((short)percent, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(wkb, NpgsqlDbType.Bytea, ct);
                await copy.WriteAsync(0.0, NpgsqlDbType.Double, ct); // measured on the ellipsoid by PostGIS below
                await copy.WriteAsync(probability, NpgsqlDbType.Double, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var area = new NpgsqlCommand("UPDATE drift_run_containment SET area_square_metres = ST_Area(area) WHERE run_id = @id", conn))
        {
            area.Parameters.AddWithValue("id", runId);
            await area.ExecuteNonQueryAsync(ct);
        }

        // The last word before the commit, so even a run shorter than one progress interval reports its end.
        await DriftRunProgress.PushAsync(hub, new DriftRunProgress(incident.Id, runId, 1, hours, result.Final.Active, result.Final.Stranded, clock.GetUtcNow()), ct);
        var fallbacks = result.Fallbacks;
        if (fallbacks.Any) notes.Add("Gridded forcing had no value for part of the run: " + fallbacks);
        var now = clock.GetUtcNow();
        var forcingNotes = JsonSerializer.Serialize(new ForcingNotes(notes, fallbacks.ParticleSteps, fallbacks.WindOnSceneSteps, fallbacks.WindZeroSteps,
            fallbacks.CurrentOnSceneSteps, fallbacks.CurrentZeroSteps,
            fallbacks.Area is { } a ? [a.West, a.South, a.East, a.North] : null, fallbacks.FirstTime, fallbacks.LastTime), json.Value.SerializerOptions);
        await using (var done = new NpgsqlCommand("""
            UPDATE drift_runs SET status = 'succeeded', progress = 1, finished_at = @now, heartbeat_at = @now, forcing_notes = @notes::jsonb
            WHERE id = @id
            """, conn))
        {
            done.Parameters.AddWithValue("id", runId);
            done.Parameters.AddWithValue("now", now);
            done.Parameters.AddWithValue("notes", forcingNotes);
            await done.ExecuteNonQueryAsync(ct);
        }
        var final = result.Final;
        AddCompletion(incident, runId, "succeeded", null, model, now,
            $"Drift run {ShortId(runId)} ({model.ObjectClass.Key}, {model.Direction.WireName()}, {hours} h, {model.Particles} particles) finished: " +
            $"{final.Active} active, {final.Stranded} stranded at the end.");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static void WriteHour(NpgsqlBinaryImporter importer, Guid runId, int hour, DriftSnapshot s, DatumAt datum, ValidDriftRun run,
        List<(int, int, byte[], double)> containment)
    {
        int n = s.Count;
        var lon = new double[n];
        var lat = new double[n];
        var flags = new byte[n];
        var stranded = new bool[n];
        // EWKB multipoint (what geography's binary input reads, so no geometry object per particle): header (1 + 4 + 4 SRID) then count, then one WKB point per particle.
        var body = new byte[13 + 21 * n];
        body[0] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(1), 0x2000_0004);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(5), 4326);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(9), n);
        double sumX = 0, sumY = 0, sumZ = 0;
        for (int i = 0; i < n; i++)
        {
            lon[i] = s.Longitudes[i];
            lat[i] = s.Latitudes[i];
            var offset = 13 + 21 * i;
            body[offset] = 1;
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(offset + 1), 1);
            BinaryPrimitives.WriteDoubleLittleEndian(body.AsSpan(offset + 5), lon[i]);
            BinaryPrimitives.WriteDoubleLittleEndian(body.AsSpan(offset + 13), lat[i]);
            stranded[i] = s.Status[i] == ParticleStatus.Stranded;
            flags[i] = (byte)((s.Status[i] == ParticleStatus.Stranded ? 1 : 0) | (s.Sides[i] == ParticleSide.Right ? 2 : 0)
                              | (s.Status[i] == ParticleStatus.NotSeeded ? 4 : 0));
            // Mean position on the sphere (unit vectors), so a cloud across ±180° has its mean where the cloud is.
            var (sinLat, cosLat) = Math.SinCos(lat[i] * Math.PI / 180);
            var (sinLon, cosLon) = Math.SinCos(lon[i] * Math.PI / 180);
            sumX += cosLat * cosLon; sumY += cosLat * sinLon; sumZ += sinLat;
        }
        var meanLat = Math.Atan2(sumZ, Math.Sqrt(sumX * sumX + sumY * sumY)) * 180 / Math.PI;
        var meanLon = Math.Atan2(sumY, sumX) * 180 / Math.PI;

        var grid = ProbabilityGrid.FromParticles(lat, lon, stranded, default, GridOptionsFor(n));
        var writer = new WKBWriter(ByteOrder.LittleEndian, handleSRID: true, emitZ: false);
        var probabilities = grid.Probabilities;
        foreach (var percent in ContainmentPercents)
        {
            var level = percent / 100.0;
            double probability = 0;
            foreach (var cell in ContainmentAreas.Cells(grid, level)) probability += probabilities[cell];
            containment.Add((hour, percent, writer.Write(AsMultiPolygon(ContainmentAreas.Compute(grid, level))), Math.Min(1, probability)));
        }

        // The manual method in nautical miles (the Search module's unit), stored in metres.
        const double nm = Distances.MetresPerNauticalMile;
        var probableError = ManualDatum.TotalProbableError(run.InitialErrorMetres / nm, run.SearchCraftErrorMetres / nm, datum.DriftMetres / nm) * nm;
        var searchRadius = ManualDatum.SearchRadiusWithSafetyFactor(probableError, run.SafetyFactor);
        var (cells, cellProbabilities) = grid.NonEmptyCells();
        importer.StartRow();
        importer.Write(runId, NpgsqlDbType.Uuid);
        importer.Write(hour, NpgsqlDbType.Integer);
        importer.Write(s.Time, NpgsqlDbType.TimestampTz);
        importer.Write(body, NpgsqlDbType.Bytea);
        importer.Write(flags, NpgsqlDbType.Bytea);
        importer.Write(s.Active, NpgsqlDbType.Integer);
        importer.Write(s.Stranded, NpgsqlDbType.Integer);
        importer.Write(PointEwkb(meanLat, meanLon), NpgsqlDbType.Bytea);
        importer.Write(PointEwkb(datum.Position.Latitude, datum.Position.Longitude), NpgsqlDbType.Bytea);
        importer.Write(datum.DriftMetres, NpgsqlDbType.Double);
        importer.Write(probableError, NpgsqlDbType.Double);
        importer.Write(searchRadius, NpgsqlDbType.Double);
        importer.Write(grid.Projection.CentreLatitude, NpgsqlDbType.Double);
        importer.Write(grid.Projection.CentreLongitude, NpgsqlDbType.Double);
        importer.Write(grid.OriginX, NpgsqlDbType.Double);
        importer.Write(grid.OriginY, NpgsqlDbType.Double);
        importer.Write(grid.CellSizeMetres, NpgsqlDbType.Double);
        importer.Write(grid.Columns, NpgsqlDbType.Integer);
        importer.Write(grid.Rows, NpgsqlDbType.Integer);
        importer.Write(cells, NpgsqlDbType.Array | NpgsqlDbType.Integer);
        importer.Write(cellProbabilities, NpgsqlDbType.Array | NpgsqlDbType.Double);
        importer.Write(grid.ProbabilityInGrid, NpgsqlDbType.Double);
        importer.Write(grid.StrandedProbability, NpgsqlDbType.Double);
    }

    /// <summary>The area as the column's MultiPolygon (a single Polygon wrapped, an empty area an empty MultiPolygon).</summary>
    private static MultiPolygon AsMultiPolygon(NetTopologySuite.Geometries.Geometry area)
    {
        var factory = ContainmentAreas.Factory;
        var result = area switch
        {
            MultiPolygon multi => multi,
            Polygon { IsEmpty: false } polygon => factory.CreateMultiPolygon([polygon]),
            _ => factory.CreateMultiPolygon(),
        };
        result.SRID = 4326;
        return result;
    }

    private static byte[] PointEwkb(double latitude, double longitude)
    {
        var b = new byte[25];
        b[0] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(1), 0x2000_0001);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(5), 4326);
        BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(9), longitude);
        BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(17), latitude);
        return b;
    }

    private readonly record struct DatumAt(GeoPosition Position, double DriftMetres);

    /// <summary>
    /// The manual method's datum: one object without leeway errors or crosswind (the mean downwind leeway of its class)
    /// plus the current, from the seeding's last known position, with the same forcing and step as the run.
    /// </summary>
    private static DatumAt[] ManualTrajectory(ValidDriftRun run, IDriftForcing forcing, int hours)
    {
        var model = run.Model;
        var stepsPerHour = (int)(TimeSpan.FromHours(1).Ticks / model.TimeStep.Ticks);
        var sign = model.Direction == DriftDirection.Forward ? 1 : -1;
        var dt = model.TimeStep.TotalSeconds;
        var result = new DatumAt[hours + 1];
        var position = run.DatumStart;
        var time = model.StartTime;
        result[0] = new DatumAt(position, 0);
        Span<double> lat = stackalloc double[1];
        Span<double> lon = stackalloc double[1];
        Span<ForcingSample> sample = stackalloc ForcingSample[1];
        for (int h = 1; h <= hours; h++)
        {
            for (int k = 0; k < stepsPerHour; k++)
            {
                lat[0] = position.Latitude; lon[0] = position.Longitude;
                forcing.Sample(time, lat, lon, sample);
                var s = sample[0];
                var wind = Math.Sqrt(s.WindEast * s.WindEast + s.WindNorth * s.WindNorth);
                var downwind = wind > 1e-12 ? model.ObjectClass.MeanDownwind(wind) : 0;
                var ve = s.CurrentEast + (wind > 1e-12 ? downwind * s.WindEast / wind : 0);
                var vn = s.CurrentNorth + (wind > 1e-12 ? downwind * s.WindNorth / wind : 0);
                var speed = Math.Sqrt(ve * ve + vn * vn);
                if (speed > 1e-12)
                    position = Geodesic.Destination(position, Math.Atan2(sign * ve, sign * vn) * 180 / Math.PI, speed * dt);
                time = time.AddTicks(sign * model.TimeStep.Ticks);
            }
            result[h] = new DatumAt(position, Geodesic.Distance(run.DatumStart, position));
        }
        return result;
    }

    private LandMask LandMaskFor(ValidDriftRun run, bool gridded)
    {
        var onScene = run.OnScene?.Observations ?? [];
        var maxSpeed = DriftRegion.MaxSpeed(run.Model.ObjectClass,
            onScene.Count == 0 ? 0 : onScene.Max(o => o.WindSpeed), onScene.Count == 0 ? 0 : onScene.Max(o => o.CurrentSpeed));
        if (gridded) maxSpeed = Math.Max(maxSpeed, options.Value.MaxDriftSpeedForLand);
        return land.MaskFor(run.Model, maxSpeed);
    }

    private async Task ReportProgressAsync(Guid runId, Incident incident, ProgressState progress, CancellationToken ct)
    {
        var interval = options.Value.ProgressInterval;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        double last = -1;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(interval, clock, ct);
            var (fraction, stored, active, stranded) = progress.Read();
            await using (var cmd = new NpgsqlCommand("UPDATE drift_runs SET progress = @p, heartbeat_at = @now WHERE id = @id AND status = 'running'", conn))
            {
                cmd.Parameters.AddWithValue("id", runId);
                cmd.Parameters.AddWithValue("p", (float)Math.Clamp(fraction, 0, 1));
                cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
                await cmd.ExecuteNonQueryAsync(ct);
            }
            if (fraction == last) continue;
            last = fraction;
            await DriftRunProgress.PushAsync(hub, new DriftRunProgress(incident.Id, runId, Math.Round(fraction, 3), stored, active, stranded, clock.GetUtcNow()), ct);
        }
    }

    private async Task FailAsync(Guid runId, Incident incident, string error, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.Database.SqlQuery<FailedRow>($"""
            UPDATE drift_runs SET status = 'failed', error = {error}, finished_at = {clock.GetUtcNow()}
            WHERE id = {runId} AND status IN ('queued', 'running')
            RETURNING object_class, direction, hours, particles
            """).ToListAsync(ct);
        if (row.Count == 1)
        {
            var r = row[0];
            db.IncidentTimeline.Add(new IncidentTimelineEntry
            {
                IncidentId = incident.Id, At = clock.GetUtcNow(), Actor = "system:drift", Kind = DriftTimelineKinds.DriftRunFailed,
                Summary = $"Drift run {ShortId(runId)} ({r.ObjectClass}) failed: {error}",
            });
            outbox.Add(new DriftRunCompleted(incident.Id, incident.Reference, runId, "failed", error, r.ObjectClass, r.Direction, r.Hours, r.Particles,
                incident.CoordinatingCentreCode, clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>Marks a run failed with the reason, with its timeline entry and event (used by the sweep too).</summary>
    internal Task MarkFailedAsync(Guid runId, Incident incident, string error, CancellationToken ct) => FailAsync(runId, incident, error, ct);

    private void AddCompletion(Incident incident, Guid runId, string status, string? error, DriftRequest model, DateTimeOffset now, string summary)
    {
        db.IncidentTimeline.Add(new IncidentTimelineEntry
        {
            IncidentId = incident.Id, At = now, Actor = "system:drift", Kind = DriftTimelineKinds.DriftRunCompleted, Summary = summary,
        });
        outbox.Add(new DriftRunCompleted(incident.Id, incident.Reference, runId, status, error, model.ObjectClass.Key, model.Direction.WireName(),
            (int)model.Duration.TotalHours, model.Particles, incident.CoordinatingCentreCode, now));
    }

    internal static string ShortId(Guid id) => id.ToString("N")[..8];

    private sealed record FailedRow(string ObjectClass, string Direction, int Hours, int Particles);

    /// <summary>Latest progress, written by the model's thread and read by the reporter.</summary>
    private sealed class ProgressState(int hours)
    {
        private readonly Lock _gate = new();
        private double _fraction;
        private int _stored = -1, _active, _stranded;

        public void Report(DriftProgress p)
        {
            lock (_gate) { _fraction = p.Fraction * 0.95; _active = p.Active; _stranded = p.Stranded; }
        }

        public void HourStored(int hour)
        {
            lock (_gate) _stored = Math.Min(hour, hours);
        }

        public (double Fraction, int StoredHour, int Active, int Stranded) Read()
        {
            lock (_gate) return (_fraction, _stored, _active, _stranded);
        }
    }
}

public static class DriftTimelineKinds
{
    public const string DriftRunCompleted = "drift-run-completed";
    public const string DriftRunFailed = "drift-run-failed";
}

public sealed record ForcingNotes(
    IReadOnlyList<string> Notes, long ParticleSteps, long WindOnSceneSteps, long WindZeroSteps, long CurrentOnSceneSteps, long CurrentZeroSteps,
    double[]? FallbackBox, DateTimeOffset? FallbackFrom, DateTimeOffset? FallbackTo);
