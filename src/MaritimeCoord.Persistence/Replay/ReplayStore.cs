using System.Runtime.CompilerServices;
using MaritimeCoord.Domain.Replay;
using Npgsql;

namespace MaritimeCoord.Persistence.Replay;

/// <summary>The incident a replay is about: its reference and the positions of its sightings (the replay's centres).</summary>
public sealed record ReplayIncident(Guid Id, string Reference, string CoordinatingCentreCode, DateTimeOffset OpenedAt,
    DateTimeOffset LastSightingAt, IReadOnlyList<(double Latitude, double Longitude)> SightingPositions);

/// <summary>
/// Reads what a replay shows, with raw SQL over ais_positions (partitioned by day, BRIN on observed_at, GiST on
/// position), sightings, incident_timeline and detection_events. The first picture comes from one query (the latest
/// position per vessel before the start, within the staleness limit); the rest is streamed in time chunks. Every query
/// takes the caller's CancellationToken, so a client that goes away stops the query on the server.
/// </summary>
public sealed class ReplayStore(NpgsqlDataSource dataSource)
{
    private const string FixColumns =
        "mmsi, observed_at, ST_Y(position::geometry), ST_X(position::geometry), speed_knots, course_degrees, heading";

    public async Task<ReplayIncident?> FindIncidentAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT i.reference, i.coordinating_centre_code, i.opened_at, i.last_sighting_at,
                   ST_Y(i.last_position::geometry), ST_X(i.last_position::geometry),
                   coalesce(array_agg(ST_Y(s.position::geometry) ORDER BY s.observed_at) FILTER (WHERE s.id IS NOT NULL), '{}'),
                   coalesce(array_agg(ST_X(s.position::geometry) ORDER BY s.observed_at) FILTER (WHERE s.id IS NOT NULL), '{}')
            FROM incidents i LEFT JOIN sightings s ON s.incident_id = i.id
            WHERE i.id = @id
            GROUP BY i.id
            """);
        cmd.Parameters.AddWithValue("id", id);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var lats = reader.GetFieldValue<double[]>(6);
        var lons = reader.GetFieldValue<double[]>(7);
        var positions = lats.Zip(lons).Select(p => (p.First, p.Second)).ToList();
        if (positions.Count == 0) positions.Add((reader.GetDouble(4), reader.GetDouble(5)));
        return new ReplayIncident(id, reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetFieldValue<DateTimeOffset>(3), positions);
    }

    /// <summary>
    /// The picture's vessels at <paramref name="at"/>: per vessel its latest position in (at − staleAfter, at], in one
    /// query (DISTINCT ON mmsi over the time-bounded, area-bounded rows).
    /// </summary>
    public async Task<List<VesselFix>> LatestPositionsAsync(ReplayArea area, DateTimeOffset at, TimeSpan staleAfter, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT DISTINCT ON (mmsi) {FixColumns}
            FROM ais_positions
            WHERE observed_at > @oldest AND observed_at <= @at AND {area.Predicate("position")}
            ORDER BY mmsi, observed_at DESC
            """);
        cmd.Parameters.AddWithValue("oldest", at - staleAfter);
        cmd.Parameters.AddWithValue("at", at);
        area.AddParameters(cmd.Parameters);
        var fixes = new List<VesselFix>();
        await foreach (var fix in ReadFixesAsync(cmd, ct)) fixes.Add(fix);
        return fixes;
    }

    /// <summary>Positions observed in (after, until], oldest first, streamed row by row.</summary>
    public async IAsyncEnumerable<VesselFix> PositionsAsync(ReplayArea area, DateTimeOffset after, DateTimeOffset until,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT {FixColumns}
            FROM ais_positions
            WHERE observed_at > @after AND observed_at <= @until AND {area.Predicate("position")}
            ORDER BY observed_at, mmsi
            """);
        cmd.Parameters.AddWithValue("after", after);
        cmd.Parameters.AddWithValue("until", until);
        area.AddParameters(cmd.Parameters);
        await foreach (var fix in ReadFixesAsync(cmd, ct)) yield return fix;
    }

    private static async IAsyncEnumerable<VesselFix> ReadFixesAsync(NpgsqlCommand cmd, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new VesselFix(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.IsDBNull(4) ? null : reader.GetFloat(4), reader.IsDBNull(5) ? null : reader.GetFloat(5),
                reader.IsDBNull(6) ? null : reader.GetInt16(6));
        }
    }

    /// <summary>The incident's sightings observed up to <paramref name="until"/> (all of them: the picture shows those up to t).</summary>
    public Task<List<ReplaySighting>> IncidentSightingsAsync(Guid incidentId, DateTimeOffset until, CancellationToken ct) =>
        ReadSightingsAsync("incident_id = @incident AND observed_at <= @until", p =>
        {
            p.AddWithValue("incident", incidentId);
            p.AddWithValue("until", until);
        }, ct);

    /// <summary>Sightings in the area observed in [since, until].</summary>
    public Task<List<ReplaySighting>> AreaSightingsAsync(ReplayArea area, DateTimeOffset since, DateTimeOffset until, CancellationToken ct) =>
        ReadSightingsAsync($"observed_at >= @since AND observed_at <= @until AND {area.Predicate("position")}", p =>
        {
            p.AddWithValue("since", since);
            p.AddWithValue("until", until);
            area.AddParameters(p);
        }, ct);

    private async Task<List<ReplaySighting>> ReadSightingsAsync(string where, Action<NpgsqlParameterCollection> parameters, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT id, incident_id, observed_at, ST_Y(position::geometry), ST_X(position::geometry), boat_description,
                   persons_on_board, condition, position_uncertainty_nm
            FROM sightings WHERE {where}
            ORDER BY observed_at, id
            LIMIT 10000
            """);
        parameters(cmd.Parameters);
        var list = new List<ReplaySighting>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new ReplaySighting(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetDouble(8)));
        }
        return list;
    }

    /// <summary>
    /// Events up to <paramref name="until"/>: the timeline of the given incidents (placed where the incident was then: its
    /// latest sighting at that time) and the active detection events in the area since <paramref name="since"/>, or linked
    /// to one of the incidents. Withdrawn detections are left out: later data showed their criteria were not met.
    /// </summary>
    public async Task<List<ReplayEvent>> EventsAsync(IReadOnlyCollection<Guid> incidentIds, ReplayArea area, DateTimeOffset since,
        DateTimeOffset until, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT 'timeline:' || t.id, t.at, 'incident', t.kind, t.summary, t.incident_id, i.reference,
                   ST_Y(coalesce(here.position, i.last_position)::geometry), ST_X(coalesce(here.position, i.last_position)::geometry)
            FROM incident_timeline t
            JOIN incidents i ON i.id = t.incident_id
            LEFT JOIN LATERAL (
                SELECT s.position FROM sightings s WHERE s.incident_id = t.incident_id
                ORDER BY (s.observed_at <= t.at) DESC, CASE WHEN s.observed_at <= t.at THEN -extract(epoch FROM s.observed_at) ELSE extract(epoch FROM s.observed_at) END
                LIMIT 1) here ON true
            WHERE t.incident_id = ANY(@incidents) AND t.at <= @until
            UNION ALL
            SELECT 'detection:' || d.id, d.started_at, 'detection', d.kind,
                   d.kind || ' · MMSI ' || d.mmsi || coalesce(' and ' || d.other_mmsi, ''), d.incident_id, i.reference,
                   ST_Y(d.position::geometry), ST_X(d.position::geometry)
            FROM detection_events d LEFT JOIN incidents i ON i.id = d.incident_id
            WHERE d.status = 'active' AND d.started_at <= @until
              AND (d.incident_id = ANY(@incidents) OR (d.started_at >= @since AND {area.Predicate("d.position")}))
            ORDER BY 2, 1
            LIMIT 10000
            """);
        cmd.Parameters.AddWithValue("incidents", incidentIds.ToArray());
        cmd.Parameters.AddWithValue("since", since);
        cmd.Parameters.AddWithValue("until", until);
        area.AddParameters(cmd.Parameters);
        var list = new List<ReplayEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new ReplayEvent(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetDouble(8)));
        }
        return list;
    }
}
