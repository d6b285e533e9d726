using System.Text.Json;
using Hangfire;
using MaritimeCoord.Contracts.Detection;
using MaritimeCoord.Domain.Alerts;
using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Jurisdiction;
using MaritimeCoord.Domain.Vessels;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Features.Jurisdiction;
using MaritimeCoord.Server.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MaritimeCoord.Server.Detection;

/// <summary>
/// Runs the detectors over positions stored since the last run (by arrival: <c>ais_positions.ingested_at</c>, so late
/// positions with old observed times are seen) and the recent sightings; upserts events by their deterministic id,
/// links them to open incidents nearby, queues pushes through the outbox and moves the cursor — all in one
/// transaction. At least once and idempotent: a repeated or interrupted run re-reads positions, which change nothing,
/// and an event already stored is neither inserted nor pushed again.
/// </summary>
public sealed class RunDetectorsJob(MaritimeDbContext db, OutboxWriter outbox, DetectionRuntime runtime,
    JurisdictionIndexProvider jurisdiction, TimeProvider clock, IOptions<DetectionOptions> options, ILogger<RunDetectorsJob> log,
    Telemetry.ServerMetrics metrics)
{
    public const string Id = "run-detectors";
    private const string CursorName = "detectors";

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await runtime.Gate.WaitAsync(ct);
        var started = clock.GetTimestamp();
        try
        {
            var events = await RunLockedAsync(ct);
            metrics.DetectorRun(clock.GetElapsedTime(started), succeeded: true);
            return events;
        }
        catch
        {
            runtime.State = null;      // memory ran ahead of the database: rebuild from ais_positions next time
            metrics.DetectorRun(clock.GetElapsedTime(started), succeeded: false);
            throw;
        }
        finally
        {
            runtime.Gate.Release();
        }
    }

    private async Task<int> RunLockedAsync(CancellationToken ct)
    {
        var o = options.Value;
        var index = await jurisdiction.GetAsync(ct);
        var wall = clock.GetUtcNow();
        var mark = await db.Database.SqlQuery<CursorRow>($"SELECT ingested_through AS ingested_through, watermark AS watermark FROM detection_cursor WHERE name = {CursorName}")
            .SingleOrDefaultAsync(ct);
        var upTo = await db.Database.SqlQuery<DateTimeOffset>($"SELECT now() AS \"Value\"").SingleAsync(ct);
        // Where the next run must read from. A position's ingested_at is its writer's transaction start (column default
        // now()), so a row at or before upTo that this run cannot see yet belongs to a transaction open now: the next
        // run reads from the oldest such start. When another role's sessions are hidden from pg_stat_activity, or a
        // transaction has been open longer than ReadOverlap, the fixed overlap applies (as an upper bound on re-reading).
        var openSince = await db.Database.SqlQuery<DateTimeOffset?>($"""
            SELECT CASE WHEN bool_or(state IS NULL) THEN NULL ELSE coalesce(min(xact_start), now()) END AS "Value"
            FROM pg_stat_activity
            WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
              AND (state IS NULL OR xact_start IS NOT NULL)
            """).SingleAsync(ct);
        var readFromNext = openSince is { } open && open > upTo - o.ReadOverlap ? Min(open, upTo) : upTo - o.ReadOverlap;

        // Watch zones are part of the detectors' settings: when they change, the state is rebuilt with them (entries
        // into a new zone count from its creation, entries into a deleted one are withdrawn by the rebuild).
        // Territorial seas too (read again only when reloaded).
        var zones = await WatchStore.ZonesAsync(db, ct);
        var seasKey = await WatchStore.TerritorialSeasKeyAsync(db, ct);
        if (!string.Equals(runtime.TerritorialSeasKey, seasKey, StringComparison.Ordinal))
        {
            runtime.TerritorialSeas = await WatchStore.TerritorialSeasAsync(db, ct);
            runtime.TerritorialSeasKey = seasKey;
        }
        var zonesKey = string.Join(',', zones.Select(z => z.Id)) + "|" + seasKey;
        if (!string.Equals(runtime.ZonesKey, zonesKey, StringComparison.Ordinal)) runtime.State = null;
        var rules = await WatchStore.RulesAsync(db, null, ct);
        var zoneAreas = zones.ToDictionary(z => z.Area.Id, z => z.Area, StringComparer.Ordinal);

        bool cold = runtime.State is null;
        var state = runtime.State ?? new DetectionState(new DetectionSettings { Regions = index, Retention = o.Retention, Areas = [.. zones.Select(z => z.Area), .. runtime.TerritorialSeas] });
        DateTimeOffset? ingestedFrom = mark?.IngestedThrough;
        DateTimeOffset? observedSince = null;
        if (cold)
        {
            // A rebuild reads what the state would hold: the retention before the data's time as of the last run (its
            // watermark; before any run, the newest stored position), plus whatever arrived since that run.
            var dataTime = mark?.Watermark ?? await NewestObservedAsync(wall, upTo, ct);
            observedSince = dataTime - o.Retention;
        }
        long tooLateBefore = state.TooLate;
        var positions = await ReadPositionsAsync(ingestedFrom, observedSince, upTo, ct);

        // The detectors' time is the data's: the newest position seen so far, never ahead of the wall clock (a feed
        // outage must not make every vessel look dark) and never taken from the wall clock (an empty table must not
        // make an archive replayed into it later count as too late). One rule, live or archived, whatever the timing.
        long newest = positions.Length == 0 ? state.NowMs : Math.Max(state.NowMs, positions.Max(p => p.ObservedAtMs));
        long now = Math.Min(wall.ToUnixTimeMilliseconds(), newest);
        var changes = new List<DetectionChange>();
        if (now != long.MinValue)
        {
            var dataNow = DateTimeOffset.FromUnixTimeMilliseconds(now);
            var sightings = await db.Database.SqlQuery<SightingRow>($"""
                SELECT id::text AS id, observed_at AS observed_at, ST_Y(position::geometry) AS latitude, ST_X(position::geometry) AS longitude
                FROM sightings WHERE observed_at >= {dataNow - o.Retention}
                """).ToListAsync(ct);
            changes.AddRange(DetectionEngine.Process(state, positions,
                sightings.Select(s => new SightingObservation(s.Id, s.ObservedAt.ToUnixTimeMilliseconds(), s.Latitude, s.Longitude)), now));
            if (cold) changes.AddRange(await StaleAfterRebuildAsync(state, dataNow - o.Retention, ct));
        }
        if (state.TooLate > tooLateBefore)
        {
            log.LogWarning("Detectors: {TooLate} positions observed more than {Retention} before the detectors' time {Now:O} ignored as too late " +
                "(an archive older than the data already processed; see docs/detection.md)", state.TooLate - tooLateBefore, o.Retention,
                DateTimeOffset.FromUnixTimeMilliseconds(now));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        int pushed = 0;
        foreach (var change in changes)
        {
            if (change.Change == DetectionChangeKind.Withdrawn) pushed += await WithdrawAsync(change.Event, index, wall, ct) ? 1 : 0;
            else pushed += await UpsertAsync(change.Event, index, wall, o, rules, zoneAreas, ct) ? 1 : 0;
        }
        var summary = JsonSerializer.Serialize(new { vessels = state.VesselCount, state.Accepted, state.TooLate, state.Invalid, positionsRead = positions.Length, changes = changes.Count });
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO detection_cursor (name, ingested_through, watermark, state, updated_at)
            VALUES ({CursorName}, {readFromNext}, {(now == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(now))}, {summary}::jsonb, {wall})
            ON CONFLICT (name) DO UPDATE SET ingested_through = excluded.ingested_through, watermark = excluded.watermark,
                state = excluded.state, updated_at = excluded.updated_at
            """, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        runtime.State = state;
        runtime.ZonesKey = zonesKey;
        log.LogInformation("Detectors: {Positions} positions read, {Changes} changes, {Pushed} pushed{Cold}", positions.Length, changes.Count, pushed, cold ? " (state rebuilt)" : "");
        return changes.Count;
    }

    // Positions stored from the cursor on, and on a rebuild those observed since the start of the retention; never the
    // whole table. Two branches of one statement so the observed-time one prunes day partitions.
    private async Task<PositionReport[]> ReadPositionsAsync(DateTimeOffset? ingestedFrom, DateTimeOffset? observedSince, DateTimeOffset upTo, CancellationToken ct)
    {
        if (ingestedFrom is null && observedSince is null) return [];
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        const string columns = """
            mmsi, (extract(epoch FROM observed_at) * 1000)::bigint, message_type, ST_X(position::geometry), ST_Y(position::geometry),
                   speed_knots, course_degrees, heading, navigational_status
            """;
        var branches = new List<string>();
        if (observedSince is not null) branches.Add($"SELECT {columns} FROM ais_positions WHERE ingested_at <= @upTo AND observed_at >= @since");
        if (ingestedFrom is not null)
            branches.Add($"SELECT {columns} FROM ais_positions WHERE ingested_at <= @upTo AND ingested_at >= @from{(observedSince is null ? "" : " AND observed_at < @since")}");
        cmd.CommandText = string.Join("\nUNION ALL\n", branches);
        cmd.Parameters.AddWithValue("upTo", upTo);
        if (ingestedFrom is { } from) cmd.Parameters.AddWithValue("from", from);
        if (observedSince is { } since) cmd.Parameters.AddWithValue("since", since);
        var list = new List<PositionReport>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new PositionReport(reader.GetInt32(0), reader.GetInt64(1), (byte)reader.GetInt16(2), reader.GetDouble(3), reader.GetDouble(4),
                reader.IsDBNull(5) ? float.NaN : reader.GetFloat(5), reader.IsDBNull(6) ? float.NaN : reader.GetFloat(6),
                reader.IsDBNull(7) ? (short)-1 : reader.GetInt16(7), reader.IsDBNull(8) ? (sbyte)-1 : (sbyte)reader.GetInt16(8), 0));
        }
        return [.. list];
    }

    // The newest position stored (not ahead of the wall clock), for a first run with no cursor. PostgreSQL has no index
    // to answer max(observed_at) (BRIN only) and would scan every day partition, so the partitions are asked one at a
    // time, newest first by their bounds (the default partition last); the first that holds a row answers.
    private async Task<DateTimeOffset?> NewestObservedAsync(DateTimeOffset wall, DateTimeOffset upTo, CancellationToken ct)
    {
        var partitions = await db.Database.SqlQuery<string>($"""
            SELECT c.oid::regclass::text AS "Value" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'ais_positions'::regclass ORDER BY pg_get_expr(c.relpartbound, c.oid) DESC
            """).ToListAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        foreach (var partition in partitions.Count == 0 ? ["ais_positions"] : partitions)
        {
            await using var cmd = connection.CreateCommand();
            // The name comes from the catalogue, already quoted where needed by regclass.
            cmd.CommandText = $"SELECT max(observed_at) FROM {partition} WHERE observed_at <= @wall AND ingested_at <= @upTo";
            cmd.Parameters.AddWithValue("wall", wall);
            cmd.Parameters.AddWithValue("upTo", upTo);
            if (await cmd.ExecuteScalarAsync(ct) is DateTime newest) return new DateTimeOffset(newest, TimeSpan.Zero);
        }

        return null;
    }

    // After a rebuild, events stored as active but no longer standing (within the rebuilt window) are withdrawn.
    private async Task<List<DetectionChange>> StaleAfterRebuildAsync(DetectionState state, DateTimeOffset since, CancellationToken ct)
    {
        var standing = state.ActiveEvents.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var stored = await db.Database.SqlQuery<StoredEvent>($"""
            SELECT id AS id, kind AS kind, mmsi AS mmsi, started_at AS started_at, ST_Y(position::geometry) AS latitude, ST_X(position::geometry) AS longitude
            FROM detection_events WHERE status = 'active' AND started_at >= {since}
            """).ToListAsync(ct);
        return [.. stored.Where(s => !standing.Contains(s.Id)).Select(s =>
        {
            var kind = DetectionEvent.TryParseKind(s.Kind, out var k) ? k : DetectionKind.AisGap;
            return new DetectionChange(DetectionChangeKind.Withdrawn, new DetectionEvent(s.Id, kind, s.Mmsi, null,
                s.StartedAt.ToUnixTimeMilliseconds(), null, s.Latitude, s.Longitude, null, null, null, null, "{}"));
        })];
    }

    private async Task<bool> UpsertAsync(DetectionEvent e, JurisdictionIndex index, DateTimeOffset wall, DetectionOptions o,
        IReadOnlyList<AlertRule> rules, IReadOnlyDictionary<string, WatchedArea> zones, CancellationToken ct)
    {
        var previous = await db.Database.SqlQuery<string>($"SELECT status AS \"Value\" FROM detection_events WHERE id = {e.Id}").SingleOrDefaultAsync(ct);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(e.StartMs);
        DateTimeOffset? end = e.EndMs is { } x ? DateTimeOffset.FromUnixTimeMilliseconds(x) : null;
        double linkMetres = Distances.NauticalMilesToMetres(o.IncidentLinkNauticalMiles);
        // The nearest incident by exact distance within the link radius, not by geography KNN (<->), which fails across ±180° (docs/geodesy.md).
        var incident = (await db.Database.SqlQuery<Guid?>($"""
            INSERT INTO detection_events (id, kind, mmsi, other_mmsi, started_at, ended_at, position, region_code, area_id, sighting_id,
                related_event_id, status, details, incident_id, first_detected_at, updated_at)
            VALUES ({e.Id}, {e.KindName}, {e.Mmsi}, {e.OtherMmsi}, {start}, {end},
                ST_SetSRID(ST_MakePoint({e.Longitude}, {e.Latitude}), 4326)::geography, {e.RegionCode}, {e.AreaId}, {e.SightingId},
                {e.RelatedEventId}, 'active', {e.Details}::jsonb,
                (SELECT i.id FROM incidents i
                 WHERE i.phase IN ('uncertainty', 'alert', 'distress')
                   AND ST_DWithin(i.last_position, ST_SetSRID(ST_MakePoint({e.Longitude}, {e.Latitude}), 4326)::geography, {linkMetres})
                 ORDER BY ST_Distance(i.last_position, ST_SetSRID(ST_MakePoint({e.Longitude}, {e.Latitude}), 4326)::geography), i.id LIMIT 1),
                {wall}, {wall})
            ON CONFLICT (id) DO UPDATE SET ended_at = excluded.ended_at, position = excluded.position, region_code = excluded.region_code,
                details = excluded.details, status = 'active', withdrawn_at = NULL, updated_at = excluded.updated_at,
                incident_id = coalesce(detection_events.incident_id, excluded.incident_id)
            RETURNING incident_id AS "Value"
            """).ToListAsync(ct)).Single();
        if (previous == "active") return false;       // stored and standing already: nothing new to tell anyone
        outbox.Add(new DetectionEventRaised(e.Id, e.KindName, e.Mmsi, e.OtherMmsi, start, end, e.Latitude, e.Longitude, e.RegionCode,
            e.AreaId, e.RelatedEventId, incident, e.Details, Centres(index, e)));
        // Alerts go out with the raise, in the same transaction: once per raise, never for an update.
        var fanOut = AlertMatcher.Match(rules, e, incident is not null, zones);
        if (fanOut.Recipients.Count > 0)
        {
            outbox.Add(new DetectionAlertRaised(e.Id, e.KindName, AlertSeverities.WireName(fanOut.Severity), e.Mmsi, start, e.Latitude, e.Longitude,
                e.RegionCode, e.AreaId, incident, [.. fanOut.Recipients.Select(r => r.RuleId)], [.. fanOut.Recipients.Select(r => r.CentreCode)], fanOut.Dropped));
        }
        if (fanOut.Dropped > 0) log.LogWarning("Alert for {EventId}: {Dropped} centre(s) past the fan-out cap of {Cap}", e.Id, fanOut.Dropped, AlertMatcher.MaxRecipientsPerEvent);
        return true;
    }

    private async Task<bool> WithdrawAsync(DetectionEvent e, JurisdictionIndex index, DateTimeOffset wall, CancellationToken ct)
    {
        int rows = await db.Database.ExecuteSqlAsync($"""
            UPDATE detection_events SET status = 'withdrawn', withdrawn_at = {wall}, updated_at = {wall} WHERE id = {e.Id} AND status = 'active'
            """, ct);
        if (rows == 0) return false;
        outbox.Add(new DetectionEventWithdrawn(e.Id, e.KindName, e.Mmsi, wall, Centres(index, e)));
        return true;
    }

    // The centre whose region holds the event, and those within the boundary margin; none: all-centres only.
    internal static IReadOnlyList<string> Centres(JurisdictionIndex index, DetectionEvent e)
    {
        if (!GeoPosition.IsValidLatitude(e.Latitude) || !GeoPosition.IsValidLongitude(e.Longitude)) return [];
        var j = index.Resolve(new GeoPosition(e.Latitude, e.Longitude));
        return [.. (j.Region is { } r ? new[] { r.CentreCode } : []).Concat(j.Neighbours.Select(n => n.CentreCode)).Distinct(StringComparer.Ordinal)];
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record CursorRow(DateTimeOffset IngestedThrough, DateTimeOffset? Watermark);

    private sealed record SightingRow(string Id, DateTimeOffset ObservedAt, double Latitude, double Longitude);

    private sealed record StoredEvent(string Id, string Kind, int Mmsi, DateTimeOffset StartedAt, double Latitude, double Longitude);
}
