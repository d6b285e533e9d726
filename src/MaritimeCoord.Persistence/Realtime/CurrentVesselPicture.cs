using MaritimeCoord.Domain.Realtime;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.Persistence.Realtime;

/// <summary>One vessel's latest stored state (<c>vessel_states</c>), as the live picture sends it.</summary>
public readonly record struct StoredVesselState(
    int Mmsi,
    DateTimeOffset ObservedAt,
    double Latitude,
    double Longitude,
    float? SpeedKnots,
    float? CourseDegrees,
    short? Heading,
    short? NavigationalStatus,
    short MessageType);

/// <summary>
/// The current picture of an area from the latest-state table: what a hub client is sent when it sets its viewport, so
/// vessels that report rarely (anchored ships every 3 min, class B up to every 3 min) show at once instead of at their
/// next report. One row per vessel (the table keeps the newest), newest first, bounded.
/// </summary>
/// <remarks>
/// The index probe is <c>position::geometry &amp;&amp; envelope</c> on the GiST expression index of migration
/// ResponderKnnIndexes (two envelopes when the box crosses the antimeridian). GiST boxes are single precision, so the
/// probe only pre-filters; the exact box test on <c>ST_X</c>/<c>ST_Y</c> is <see cref="Viewport.Contains"/>'s rule
/// (edges included), which keeps "inside the new box and not inside the previous one" exact.
/// </remarks>
public sealed class CurrentVesselPicture(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// $1 oldest observed_at sent; $2..$5 west, south, east, north of the new box; $6..$9 the two index envelopes'
    /// west/east (the same box twice unless it crosses the antimeridian); $10 whether a previous box is excluded,
    /// $11..$14 its west, south, east, north; $15 at most this many rows.
    /// </summary>
    public const string Sql = """
        SELECT v.mmsi, v.observed_at, ST_Y(v.g), ST_X(v.g), v.speed_knots, v.course_degrees, v.heading,
               v.navigational_status, v.message_type
        FROM (SELECT vs.mmsi, vs.observed_at, vs.position::geometry AS g, vs.speed_knots, vs.course_degrees, vs.heading,
                     vs.navigational_status, vs.message_type
              FROM vessel_states vs
              WHERE vs.observed_at >= $1
                AND (vs.position::geometry && ST_MakeEnvelope($6, $3, $7, $5, 4326)
                     OR vs.position::geometry && ST_MakeEnvelope($8, $3, $9, $5, 4326))) v
        WHERE ST_Y(v.g) BETWEEN $3 AND $5
          AND CASE WHEN $2 <= $4 THEN ST_X(v.g) BETWEEN $2 AND $4 ELSE ST_X(v.g) >= $2 OR ST_X(v.g) <= $4 END
          AND NOT ($10 AND ST_Y(v.g) BETWEEN $12 AND $14
                   AND CASE WHEN $11 <= $13 THEN ST_X(v.g) BETWEEN $11 AND $13 ELSE ST_X(v.g) >= $11 OR ST_X(v.g) <= $13 END)
        ORDER BY v.observed_at DESC
        LIMIT $15
        """;

    /// <summary>
    /// Vessels inside <paramref name="area"/> and, when <paramref name="except"/> is given, outside it (the part of a
    /// panned map the client has not been watching), observed at or after <paramref name="observedSince"/>, newest
    /// first, at most <paramref name="limit"/>.
    /// </summary>
    public async Task<List<StoredVesselState>> ReadAsync(Viewport area, Viewport? except, DateTimeOffset observedSince, int limit,
        CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var result = new List<StoredVesselState>();
        if (limit == 0) return result;
        var (firstWest, firstEast, secondWest, secondEast) = area.CrossesAntimeridian
            ? (area.West, 180.0, -180.0, area.East)
            : (area.West, area.East, area.West, area.East);
        var previous = except ?? Viewport.World;

        await using var cmd = dataSource.CreateCommand(Sql);
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = observedSince.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        foreach (var value in new[] { area.West, area.South, area.East, area.North, firstWest, firstEast, secondWest, secondEast })
            cmd.Parameters.Add(new NpgsqlParameter<double> { TypedValue = value });
        cmd.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = except is not null });
        foreach (var value in new[] { previous.West, previous.South, previous.East, previous.North })
            cmd.Parameters.Add(new NpgsqlParameter<double> { TypedValue = value });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });

        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new StoredVesselState(
                reader.GetInt32(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetDouble(2),
                reader.GetDouble(3),
                reader.IsDBNull(4) ? null : reader.GetFloat(4),
                reader.IsDBNull(5) ? null : reader.GetFloat(5),
                reader.IsDBNull(6) ? null : reader.GetInt16(6),
                reader.IsDBNull(7) ? null : reader.GetInt16(7),
                reader.GetInt16(8)));
        }

        return result;
    }
}
