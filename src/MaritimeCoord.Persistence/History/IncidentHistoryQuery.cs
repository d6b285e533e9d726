using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.Persistence.History;

public sealed record IncidentHistorySummary(
    Guid Id, string Reference, string Phase, string? Outcome, DateTimeOffset OpenedAt, DateTimeOffset LastSightingAt,
    string CoordinatingCentreCode, string? SarRegionCode, int? PersonsOnBoardEstimate, double LastLongitude, double LastLatitude);

/// <summary>A sighting as history shows it: boat, counts and condition; never who reported it or their notes.</summary>
public sealed record IncidentHistorySighting(
    Guid Id, DateTimeOffset ObservedAt, double Longitude, double Latitude, int? PersonsOnBoard, string Condition, string BoatDescription, string? SarRegionCode);

/// <summary>A timeline entry without its actor (a person): what happened and when.</summary>
public sealed record IncidentHistoryEvent(DateTimeOffset At, string Kind, string Summary);

public sealed record IncidentHistory(IncidentHistorySummary Incident, IReadOnlyList<IncidentHistorySighting> Sightings, IReadOnlyList<IncidentHistoryEvent> Timeline)
{
    /// <summary>Where the incident was: its sightings (and last position) as a WKT MULTIPOINT, for "vessels within N metres".</summary>
    public string PositionsWkt()
    {
        var points = Sightings.Select(s => (s.Longitude, s.Latitude)).Append((Incident.LastLongitude, Incident.LastLatitude)).Distinct();
        var sb = new StringBuilder("MULTIPOINT(");
        sb.AppendJoin(',', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"({p.Item1:R} {p.Item2:R})")));
        return sb.Append(')').ToString();
    }
}

/// <summary>An incident's own history (summary, sightings, timeline), read with plain SQL for analysts and replay.</summary>
public sealed class IncidentHistoryQuery(NpgsqlDataSource dataSource)
{
    public async Task<IncidentHistory?> LoadAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        IncidentHistorySummary? incident = null;
        await using (var cmd = new NpgsqlCommand("""
            SELECT id, reference, phase, outcome, opened_at, last_sighting_at, coordinating_centre_code, sar_region_code,
                   persons_on_board_estimate, ST_X(last_position::geometry), ST_Y(last_position::geometry)
            FROM incidents WHERE id = @id
            """, conn))
        {
            cmd.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = id });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
                incident = new IncidentHistorySummary(r.GetGuid(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                    Utc(r, 4), Utc(r, 5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetInt32(8), r.GetDouble(9), r.GetDouble(10));
        }

        if (incident is null) return null;

        var sightings = new List<IncidentHistorySighting>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT id, observed_at, ST_X(position::geometry), ST_Y(position::geometry), persons_on_board, condition, boat_description, sar_region_code
            FROM sightings WHERE incident_id = @id ORDER BY observed_at, id
            """, conn))
        {
            cmd.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = id });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                sightings.Add(new IncidentHistorySighting(r.GetGuid(0), Utc(r, 1), r.GetDouble(2), r.GetDouble(3), r.IsDBNull(4) ? null : r.GetInt32(4),
                    r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7)));
        }

        var timeline = new List<IncidentHistoryEvent>();
        await using (var cmd = new NpgsqlCommand("SELECT at, kind, summary FROM incident_timeline WHERE incident_id = @id ORDER BY at, id", conn))
        {
            cmd.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = id });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) timeline.Add(new IncidentHistoryEvent(Utc(r, 0), r.GetString(1), r.GetString(2)));
        }

        return new IncidentHistory(incident, sightings, timeline);
    }

    private static DateTimeOffset Utc(NpgsqlDataReader r, int i) => new(r.GetFieldValue<DateTime>(i), TimeSpan.Zero);
}
