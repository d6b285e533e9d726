using System.Buffers.Binary;
using MaritimeCoord.Domain.Vessels;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.Persistence.Ais;

/// <summary>
/// The persist stage: one transaction per batch — binary COPY of every position into <c>ais_positions</c>, then the
/// newest position per vessel into <c>vessel_states</c> and merged static reports into <c>vessels</c> (both upserts
/// from arrays, one statement each). Either all of a batch is stored or none of it.
/// </summary>
public sealed class AisBatchWriter(NpgsqlDataSource dataSource, AisPartitions partitions)
{
    private const string CopySql =
        "COPY ais_positions (mmsi, observed_at, message_type, position, speed_knots, course_degrees, heading, navigational_status) FROM STDIN (FORMAT BINARY)";

    private const string UpsertStatesSql = """
        INSERT INTO vessel_states (mmsi, observed_at, message_type, position, speed_knots, course_degrees, heading, navigational_status, updated_at)
        SELECT u.mmsi, u.observed_at, u.message_type, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)::geography,
               u.speed, u.course, u.heading, u.status, @now
        FROM unnest(@mmsi, @observed_at, @message_type, @lon, @lat, @speed, @course, @heading, @status)
             AS u(mmsi, observed_at, message_type, lon, lat, speed, course, heading, status)
        ON CONFLICT (mmsi) DO UPDATE SET
            observed_at = excluded.observed_at, message_type = excluded.message_type, position = excluded.position,
            speed_knots = excluded.speed_knots, course_degrees = excluded.course_degrees, heading = excluded.heading,
            navigational_status = excluded.navigational_status, updated_at = excluded.updated_at
        WHERE vessel_states.observed_at < excluded.observed_at
        """;

    private static readonly string[] StaticColumns =
        ["name", "call_sign", "imo", "ship_type", "to_bow", "to_stern", "to_port", "to_starboard", "destination", "mothership_mmsi"];

    // A newer report overwrites the fields it carries; an older (late) one only fills gaps.
    private static readonly string UpsertVesselsSql = $"""
        INSERT INTO vessels (mmsi, {string.Join(", ", StaticColumns)}, reported_at, updated_at)
        SELECT u.*, @now FROM unnest(@mmsi, @name, @call_sign, @imo, @ship_type, @to_bow, @to_stern, @to_port, @to_starboard,
                                     @destination, @mothership_mmsi, @reported_at) AS u
        ON CONFLICT (mmsi) DO UPDATE SET
            {string.Join(",\n    ", StaticColumns.Select(c =>
                $"{c} = CASE WHEN excluded.reported_at >= vessels.reported_at THEN COALESCE(excluded.{c}, vessels.{c}) ELSE COALESCE(vessels.{c}, excluded.{c}) END"))},
            reported_at = GREATEST(vessels.reported_at, excluded.reported_at),
            updated_at = excluded.updated_at
        """;

    public AisPartitions Partitions => partitions;

    /// <summary>Cumulative milliseconds spent in COPY, the two upserts and commit (for the load harness and logs).</summary>
    public (long CopyMs, long StatesMs, long VesselsMs, long CommitMs) Timings => (_copyMs, _statesMs, _vesselsMs, _commitMs);

    private long _copyMs, _statesMs, _vesselsMs, _commitMs;

    public async Task WriteAsync(
        ReadOnlyMemory<PositionReport> positions, IReadOnlyList<PositionReport> newestPerVessel,
        IReadOnlyList<VesselStaticReport> statics, DateTimeOffset now, CancellationToken ct)
    {
        var days = new HashSet<DateOnly>();
        foreach (var p in positions.Span) days.Add(AisPartitions.DayOf(p.ObservedAtMs));
        await partitions.EnsureAsync(days, ct);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (!positions.IsEmpty) await CopyPositionsAsync(conn, positions, ct);
        long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (newestPerVessel.Count > 0) await UpsertStatesAsync(conn, tx, newestPerVessel, now, ct);
        long t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (statics.Count > 0) await UpsertVesselsAsync(conn, tx, statics, now, ct);
        long t3 = System.Diagnostics.Stopwatch.GetTimestamp();
        await tx.CommitAsync(ct);
        Interlocked.Add(ref _copyMs, (long)System.Diagnostics.Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
        Interlocked.Add(ref _statesMs, (long)System.Diagnostics.Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
        Interlocked.Add(ref _vesselsMs, (long)System.Diagnostics.Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
        Interlocked.Add(ref _commitMs, (long)System.Diagnostics.Stopwatch.GetElapsedTime(t3).TotalMilliseconds);
    }

    private static async Task CopyPositionsAsync(NpgsqlConnection conn, ReadOnlyMemory<PositionReport> positions, CancellationToken ct)
    {
        await using var importer = await conn.BeginBinaryImportAsync(CopySql, ct);
        // geography's binary input is EWKB: written directly, so no geometry object per row. The bytes are copied into
        // Npgsql's buffer by Write, so one array serves every row.
        var ewkb = new byte[25];
        ewkb[0] = 1; // little endian
        BinaryPrimitives.WriteUInt32LittleEndian(ewkb.AsSpan(1), 0x2000_0001); // point with SRID
        BinaryPrimitives.WriteInt32LittleEndian(ewkb.AsSpan(5), 4326);
        for (int i = 0; i < positions.Length; i++)
        {
            var p = positions.Span[i];
            BinaryPrimitives.WriteDoubleLittleEndian(ewkb.AsSpan(9), p.Longitude);
            BinaryPrimitives.WriteDoubleLittleEndian(ewkb.AsSpan(17), p.Latitude);
            importer.StartRow();
            importer.Write(p.Mmsi, NpgsqlDbType.Integer);
            importer.Write(ToUtc(p.ObservedAtMs), NpgsqlDbType.TimestampTz);
            importer.Write((short)p.MessageType, NpgsqlDbType.Smallint);
            importer.Write(ewkb, NpgsqlDbType.Bytea);
            if (float.IsNaN(p.SpeedKnots)) importer.WriteNull(); else importer.Write(p.SpeedKnots, NpgsqlDbType.Real);
            if (float.IsNaN(p.CourseDegrees)) importer.WriteNull(); else importer.Write(p.CourseDegrees, NpgsqlDbType.Real);
            if (p.Heading < 0) importer.WriteNull(); else importer.Write(p.Heading, NpgsqlDbType.Smallint);
            if (p.NavigationalStatus < 0) importer.WriteNull(); else importer.Write((short)p.NavigationalStatus, NpgsqlDbType.Smallint);
        }

        await importer.CompleteAsync(ct);
    }

    private static async Task UpsertStatesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<PositionReport> newest, DateTimeOffset now, CancellationToken ct)
    {
        int n = newest.Count;
        var mmsi = new int[n];
        var observedAt = new DateTime[n];
        var type = new short[n];
        var lon = new double[n];
        var lat = new double[n];
        var speed = new float?[n];
        var course = new float?[n];
        var heading = new short?[n];
        var status = new short?[n];
        for (int i = 0; i < n; i++)
        {
            var p = newest[i];
            mmsi[i] = p.Mmsi;
            observedAt[i] = ToUtc(p.ObservedAtMs);
            type[i] = p.MessageType;
            lon[i] = p.Longitude;
            lat[i] = p.Latitude;
            speed[i] = float.IsNaN(p.SpeedKnots) ? null : p.SpeedKnots;
            course[i] = float.IsNaN(p.CourseDegrees) ? null : p.CourseDegrees;
            heading[i] = p.Heading < 0 ? null : p.Heading;
            status[i] = p.NavigationalStatus < 0 ? null : p.NavigationalStatus;
        }

        await using var cmd = new NpgsqlCommand(UpsertStatesSql, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        cmd.Parameters.Add(new NpgsqlParameter<int[]>("mmsi", mmsi));
        cmd.Parameters.Add(new NpgsqlParameter<DateTime[]>("observed_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = observedAt });
        cmd.Parameters.Add(new NpgsqlParameter<short[]>("message_type", type));
        cmd.Parameters.Add(new NpgsqlParameter<double[]>("lon", lon));
        cmd.Parameters.Add(new NpgsqlParameter<double[]>("lat", lat));
        cmd.Parameters.Add(new NpgsqlParameter<float?[]>("speed", speed));
        cmd.Parameters.Add(new NpgsqlParameter<float?[]>("course", course));
        cmd.Parameters.Add(new NpgsqlParameter<short?[]>("heading", heading));
        cmd.Parameters.Add(new NpgsqlParameter<short?[]>("status", status));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task UpsertVesselsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<VesselStaticReport> statics, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(UpsertVesselsSql, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        cmd.Parameters.Add(new NpgsqlParameter<int[]>("mmsi", [.. statics.Select(s => s.Mmsi)]));
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("name", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. statics.Select(s => s.Name)] });
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("call_sign", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. statics.Select(s => s.CallSign)] });
        cmd.Parameters.Add(new NpgsqlParameter<int?[]>("imo", [.. statics.Select(s => s.Imo)]));
        cmd.Parameters.Add(new NpgsqlParameter<short?[]>("ship_type", [.. statics.Select(s => s.ShipType)]));
        cmd.Parameters.Add(new NpgsqlParameter<short?[]>("to_bow", [.. statics.Select(s => s.ToBow)]));
        cmd.Parameters.Add(new NpgsqlParameter<short?[]>("to_stern", [.. statics.Select(s => s.ToStern)]));
        cmd.Parameters.Add(new NpgsqlParameter<short?[]>("to_port", [.. statics.Select(s => s.ToPort)]));
        cmd.Parameters.Add(new NpgsqlParameter<short?[]>("to_starboard", [.. statics.Select(s => s.ToStarboard)]));
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("destination", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. statics.Select(s => s.Destination)] });
        cmd.Parameters.Add(new NpgsqlParameter<int?[]>("mothership_mmsi", [.. statics.Select(s => s.MothershipMmsi)]));
        cmd.Parameters.Add(new NpgsqlParameter<DateTime[]>("reported_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. statics.Select(s => ToUtc(s.ObservedAtMs))] });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static DateTime ToUtc(long unixMs) => DateTime.UnixEpoch.AddTicks(unixMs * TimeSpan.TicksPerMillisecond);
}
