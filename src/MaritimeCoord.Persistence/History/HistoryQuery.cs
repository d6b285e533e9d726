using System.Data;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MaritimeCoord.Domain.History;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.Persistence.History;

/// <summary>
/// Position history from the day-partitioned <c>ais_positions</c>, as an async stream of rows read straight off the
/// wire (nothing is buffered), so HTTP streams, exports and replay all write while PostgreSQL is still reading.
/// The window bounds prune partitions; the area uses the GiST on position (geography <c>&amp;&amp;</c>, then an exact
/// test), a vessel the (mmsi, observed_at) btree; the order gives keyset paging.
/// Cancelling the token cancels the statement on the server (a PostgreSQL cancel request), also while the caller
/// is busy between rows — so a client that goes away stops the query instead of letting it run to the end.
/// </summary>
public sealed class HistoryQuery(NpgsqlDataSource dataSource)
{
    /// <summary>Marks the statements in pg_stat_activity (operators can find them; the tests do).</summary>
    public const string StatementTag = "/* mcoord:history */";

    private const string Columns =
        "mmsi, observed_at, ST_X(position::geometry), ST_Y(position::geometry), speed_knots, course_degrees, heading, navigational_status, message_type";

    public async IAsyncEnumerable<HistoryPosition> PositionsAsync(
        HistorySelection selection, HistoryOrder order, HistoryCursor? after = null, int? limit = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = BuildCommand(selection, order, after, limit);
        cmd.Connection = conn;
        // The token may fire while the consumer is writing a row (not inside ReadAsync): cancel the statement then too.
        await using var cancelOnAbort = ct.Register(static c => CancelQuietly((NpgsqlCommand)c!), cmd);
        NpgsqlDataReader reader;
        try
        {
            reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && ct.IsCancellationRequested)
        {
            throw new OperationCanceledException("The history query was cancelled.", e, ct);
        }

        await using (reader)
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await reader.ReadAsync(ct);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && ct.IsCancellationRequested)
                {
                    throw new OperationCanceledException("The history query was cancelled.", e, ct);
                }

                if (!more) yield break;
                yield return new HistoryPosition(
                    reader.GetInt32(0),
                    new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero),
                    reader.GetDouble(2),
                    reader.GetDouble(3),
                    reader.IsDBNull(4) ? null : reader.GetFloat(4),
                    reader.IsDBNull(5) ? null : reader.GetFloat(5),
                    reader.IsDBNull(6) ? null : reader.GetInt16(6),
                    reader.IsDBNull(7) ? null : reader.GetInt16(7),
                    reader.GetInt16(8));
            }
        }
    }

    private static void CancelQuietly(NpgsqlCommand cmd)
    {
        try
        {
            cmd.Cancel();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            // Already finished or closed: nothing left to cancel.
        }
    }

    /// <summary>The statement and its parameters (public so tests can EXPLAIN exactly what runs).</summary>
    public static NpgsqlCommand BuildCommand(HistorySelection selection, HistoryOrder order, HistoryCursor? after, int? limit)
    {
        var cmd = new NpgsqlCommand();
        var sql = new StringBuilder($"{StatementTag} SELECT {Columns} FROM ais_positions WHERE observed_at >= @from AND observed_at < @to");
        cmd.Parameters.Add(new NpgsqlParameter<DateTime>("from", NpgsqlDbType.TimestampTz) { TypedValue = selection.Window.From.UtcDateTime });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime>("to", NpgsqlDbType.TimestampTz) { TypedValue = selection.Window.To.UtcDateTime });

        switch (selection.Area)
        {
            case BoundingBox box:
                AppendBox(sql, cmd, box);
                break;
            case PolygonArea polygon:
                // Folded to a constant at planning (immutable function of a parameter); && drives the GiST, ST_Covers is exact.
                sql.Append(" AND position && ST_GeogFromText(@polygon) AND ST_Covers(ST_GeogFromText(@polygon), position)");
                cmd.Parameters.Add(new NpgsqlParameter<string>("polygon", NpgsqlDbType.Text) { TypedValue = "SRID=4326;" + polygon.ToWkt() });
                break;
        }

        if (selection.Mmsis is { } mmsis)
        {
            sql.Append(" AND mmsi = ANY(@mmsis)");
            cmd.Parameters.Add(new NpgsqlParameter<int[]>("mmsis", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. mmsis] });
        }

        if (selection.NearWkt is { } near)
        {
            // ST_DWithin on geography: metres on the ellipsoid, and its support function adds the GiST test by itself.
            sql.Append(" AND ST_DWithin(position, ST_GeogFromText(@near), @near_metres)");
            cmd.Parameters.Add(new NpgsqlParameter<string>("near", NpgsqlDbType.Text) { TypedValue = "SRID=4326;" + near });
            cmd.Parameters.Add(new NpgsqlParameter<double>("near_metres", NpgsqlDbType.Double) { TypedValue = selection.NearMetres });
        }

        if (after is { } cursor)
        {
            sql.Append(order == HistoryOrder.ByTime
                ? " AND (observed_at, mmsi) > (@after_t, @after_m)"
                : " AND (mmsi, observed_at) > (@after_m, @after_t)");
            cmd.Parameters.Add(new NpgsqlParameter<DateTime>("after_t", NpgsqlDbType.TimestampTz) { TypedValue = cursor.ObservedAt.UtcDateTime });
            cmd.Parameters.Add(new NpgsqlParameter<int>("after_m", NpgsqlDbType.Integer) { TypedValue = cursor.Mmsi });
        }

        sql.Append(order == HistoryOrder.ByTime ? " ORDER BY observed_at, mmsi" : " ORDER BY mmsi, observed_at");
        if (limit is { } n)
        {
            sql.Append(" LIMIT @limit");
            cmd.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = n });
        }

        cmd.CommandText = sql.ToString();
        return cmd;
    }

    private static void AppendBox(StringBuilder sql, NpgsqlCommand cmd, BoundingBox box)
    {
        // The index test: each part of the box (split at the antimeridian) as a geography polygon. A geography edge is
        // a great circle, not a parallel, so the envelope is densified to 0.1° (error ~1 m) and grown by 0.001° (~110 m)
        // to cover the parallels; the exact lon/lat test below then trims to the box.
        var parts = box.SplitAtAntimeridian();
        sql.Append(" AND (");
        for (int i = 0; i < parts.Count; i++)
        {
            if (i > 0) sql.Append(" OR ");
            sql.Append(CultureInfo.InvariantCulture,
                $"position && ST_Segmentize(ST_Expand(ST_MakeEnvelope(@w{i}, @s{i}, @e{i}, @n{i}, 4326), 0.001), 0.1)::geography");
            cmd.Parameters.Add(new NpgsqlParameter<double>($"w{i}", NpgsqlDbType.Double) { TypedValue = parts[i].West });
            cmd.Parameters.Add(new NpgsqlParameter<double>($"s{i}", NpgsqlDbType.Double) { TypedValue = parts[i].South });
            cmd.Parameters.Add(new NpgsqlParameter<double>($"e{i}", NpgsqlDbType.Double) { TypedValue = parts[i].East });
            cmd.Parameters.Add(new NpgsqlParameter<double>($"n{i}", NpgsqlDbType.Double) { TypedValue = parts[i].North });
        }

        sql.Append(") AND ST_Y(position::geometry) BETWEEN @s0 AND @n0 AND ");
        sql.Append(box.CrossesAntimeridian
            ? "(ST_X(position::geometry) >= @w0 OR ST_X(position::geometry) <= @e1)"
            : "ST_X(position::geometry) BETWEEN @w0 AND @e0");
    }

    /// <summary>Every vessel with a position within <paramref name="metres"/> of the geometry in the window, closest first.</summary>
    public async Task<IReadOnlyList<VesselNearby>> VesselsNearAsync(string wkt, double metres, HistoryWindow window, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            {StatementTag}
            WITH near AS (
                SELECT mmsi, count(*) AS positions, min(observed_at) AS first_at, max(observed_at) AS last_at,
                       min(ST_Distance(position, ST_GeogFromText(@near))) AS closest_metres
                FROM ais_positions
                WHERE observed_at >= @from AND observed_at < @to AND ST_DWithin(position, ST_GeogFromText(@near), @metres)
                GROUP BY mmsi)
            SELECT n.mmsi, v.name, v.ship_type, n.positions, n.first_at, n.last_at, n.closest_metres
            FROM near n LEFT JOIN vessels v ON v.mmsi = n.mmsi
            ORDER BY n.closest_metres, n.mmsi
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string>("near", NpgsqlDbType.Text) { TypedValue = "SRID=4326;" + wkt });
        cmd.Parameters.Add(new NpgsqlParameter<double>("metres", NpgsqlDbType.Double) { TypedValue = metres });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime>("from", NpgsqlDbType.TimestampTz) { TypedValue = window.From.UtcDateTime });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime>("to", NpgsqlDbType.TimestampTz) { TypedValue = window.To.UtcDateTime });
        var result = new List<VesselNearby>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new VesselNearby(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt16(2),
                reader.GetInt64(3), new DateTimeOffset(reader.GetFieldValue<DateTime>(4), TimeSpan.Zero),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(5), TimeSpan.Zero), Math.Round(reader.GetDouble(6), 1)));
        }

        return result;
    }
}

/// <summary>A vessel that came near an incident: how close, when, and how many of its positions.</summary>
public sealed record VesselNearby(int Mmsi, string? Name, short? ShipType, long Positions, DateTimeOffset FirstAt, DateTimeOffset LastAt, double ClosestMetres);
