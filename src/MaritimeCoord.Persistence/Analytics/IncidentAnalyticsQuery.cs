using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.Persistence.Analytics;

/// <summary>One SAR region in one month (UTC): counts, never persons (docs/domain.md: pictures carry counts).</summary>
public sealed record RegionMonthStatistics(
    string SarRegion,
    string Month,
    int Incidents,
    int Uncertainty, int Alert, int Distress, int Resolved, int Closed,
    int Rescued, int Disembarked, int FalseAlarm, int Lost, int NoOutcome,
    int PersonsOnBoard, int IncidentsWithPersonsOnBoard, int Minors, int MedicalCases, int Deceased,
    int IncidentsTasked, double? MeanMinutesToFirstTasking, double? MedianMinutesToFirstTasking,
    int IncidentsRescued, double? MeanMinutesToRescue, double? MedianMinutesToRescue);

/// <summary>
/// Analytics per SAR region and month of opening, in one PostgreSQL statement. "Rescue" is the first resolution with
/// outcome rescued or disembarked (people brought to safety); its instant is that phase change's timeline entry, whose
/// summary the Domain's IncidentLifecycle writes as "Resolved (&lt;outcome&gt;) …". Incidents no region covers are
/// grouped under "none".
/// </summary>
public sealed class IncidentAnalyticsQuery(NpgsqlDataSource dataSource)
{
    public const string NoRegion = "none";

    private const string Sql = """
        WITH incident AS (
            SELECT coalesce(i.sar_region_code, 'none') AS region,
                   to_char(i.opened_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
                   i.phase, i.outcome, i.persons_on_board_estimate AS pob,
                   i.persons_on_board_minors AS minors, i.persons_on_board_medical AS medical, i.persons_on_board_deceased AS deceased,
                   (SELECT min(s.observed_at) FROM sightings s WHERE s.incident_id = i.id) AS first_sighting,
                   (SELECT min(t.tasked_at) FROM incident_taskings t WHERE t.incident_id = i.id) AS first_tasked,
                   (SELECT min(tl.at) FROM incident_timeline tl
                     WHERE tl.incident_id = i.id AND tl.kind = 'phase-changed'
                       AND (tl.summary LIKE 'Resolved (rescued)%' OR tl.summary LIKE 'Resolved (disembarked)%')) AS rescued_at
            FROM incidents i
            WHERE i.opened_at >= @from AND i.opened_at < @to AND (@region::text IS NULL OR coalesce(i.sar_region_code, 'none') = @region)
              -- An incident merged into another is the same boat, counted there (docs/correlation.md).
              AND NOT EXISTS (SELECT 1 FROM incident_links l WHERE l.incident_id = i.id AND l.kind = 'merged-into')
        ), timed AS (
            SELECT *, extract(epoch FROM first_tasked - first_sighting) / 60.0 AS to_tasking,
                      extract(epoch FROM rescued_at - first_sighting) / 60.0 AS to_rescue
            FROM incident
        )
        SELECT region, month, count(*)::int,
               count(*) FILTER (WHERE phase = 'uncertainty')::int, count(*) FILTER (WHERE phase = 'alert')::int,
               count(*) FILTER (WHERE phase = 'distress')::int, count(*) FILTER (WHERE phase = 'resolved')::int,
               count(*) FILTER (WHERE phase = 'closed')::int,
               count(*) FILTER (WHERE outcome = 'rescued')::int, count(*) FILTER (WHERE outcome = 'disembarked')::int,
               count(*) FILTER (WHERE outcome = 'false-alarm')::int, count(*) FILTER (WHERE outcome = 'lost')::int,
               count(*) FILTER (WHERE outcome IS NULL)::int,
               coalesce(sum(pob), 0)::int, count(pob)::int,
               coalesce(sum(minors), 0)::int, coalesce(sum(medical), 0)::int, coalesce(sum(deceased), 0)::int,
               count(to_tasking)::int, avg(to_tasking)::float8, percentile_cont(0.5) WITHIN GROUP (ORDER BY to_tasking)::float8,
               count(to_rescue)::int, avg(to_rescue)::float8, percentile_cont(0.5) WITHIN GROUP (ORDER BY to_rescue)::float8
        FROM timed
        GROUP BY region, month
        ORDER BY month, region
        """;

    /// <summary>Months from <paramref name="fromMonth"/> through <paramref name="toMonth"/> (first days, UTC), optionally one region.</summary>
    public async Task<List<RegionMonthStatistics>> RunAsync(DateOnly fromMonth, DateOnly toMonth, string? region, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(Sql, conn);
        cmd.Parameters.AddWithValue("from", new DateTimeOffset(fromMonth.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        cmd.Parameters.AddWithValue("to", new DateTimeOffset(toMonth.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        cmd.Parameters.Add(new NpgsqlParameter("region", NpgsqlDbType.Text) { Value = (object?)region ?? DBNull.Value });
        var rows = new List<RegionMonthStatistics>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            double? D(int i) => r.IsDBNull(i) ? null : Math.Round(r.GetDouble(i), 2);
            rows.Add(new RegionMonthStatistics(r.GetString(0), r.GetString(1), r.GetInt32(2),
                r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7),
                r.GetInt32(8), r.GetInt32(9), r.GetInt32(10), r.GetInt32(11), r.GetInt32(12),
                r.GetInt32(13), r.GetInt32(14), r.GetInt32(15), r.GetInt32(16), r.GetInt32(17),
                r.GetInt32(18), D(19), D(20), r.GetInt32(21), D(22), D(23)));
        }
        return rows;
    }
}
