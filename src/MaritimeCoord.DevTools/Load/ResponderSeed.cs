using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// `mcoord load seed-responders`: replaces the synthetic rows (vessel_states + vessels in the reserved MMSI range,
/// response_assets coded SYN-…) with freshly generated ones by binary COPY into temporary tables and one
/// INSERT … SELECT ST_MakePoint(…)::geography per table, in one transaction, then ANALYZE.
/// </summary>
public static class ResponderSeed
{
    /// <summary>Marks the sightings the load run posts, so <see cref="CleanAsync"/> finds their incidents.</summary>
    public const string LoadReporter = "mcoord load responders (synthetic)";

    public sealed record Options(string ConnectionString, int Vessels, int Assets, int Seed, string? GeoFolder, TextWriter Out);

    public sealed record Result(int Vessels, int Assets, long DeletedVessels, long DeletedAssets, TimeSpan Elapsed);

    public static async Task<Result> RunAsync(Options o, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var fleet = new SyntheticFleet(o.Seed, o.GeoFolder);
        o.Out.WriteLine($"seed-responders: {o.Vessels:N0} vessels (MMSI {SyntheticFleet.FirstMmsi}..), {o.Assets:N0} assets ({SyntheticFleet.AssetCodePrefix}…), seed {o.Seed}; " +
                        $"land mask: {(fleet.HasLandMask ? "samples/geo/coastline.geojson" : "none (samples/geo not found)")}; {fleet.HomeBaseCount} home bases");
        var now = DateTimeOffset.UtcNow;

        await using var conn = new NpgsqlConnection(o.ConnectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (deletedVessels, deletedAssets) = await DeleteSyntheticAsync(conn, ct);

        await ExecuteAsync(conn, """
            CREATE TEMP TABLE syn_states (mmsi integer, observed_at timestamptz, message_type smallint, lon float8, lat float8,
                speed_knots real, course_degrees real, heading smallint, navigational_status smallint) ON COMMIT DROP;
            CREATE TEMP TABLE syn_assets (code text, name text, type text, owner_centre_code text, home_base text, lon float8, lat float8,
                position_at timestamptz, cruise_speed_knots float8, availability text, availability_note text, contact text) ON COMMIT DROP;
            """, ct);

        // One COPY at a time per connection: the states, then the static data of the same vessels.
        var generated = fleet.Vessels(o.Vessels, now).ToList();
        await using (var states = await conn.BeginBinaryImportAsync(
                         "COPY syn_states (mmsi, observed_at, message_type, lon, lat, speed_knots, course_degrees, heading, navigational_status) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var v in generated)
            {
                await states.StartRowAsync(ct);
                await states.WriteAsync(v.Mmsi, NpgsqlDbType.Integer, ct);
                await states.WriteAsync(v.ObservedAt, NpgsqlDbType.TimestampTz, ct);
                await states.WriteAsync(v.MessageType, NpgsqlDbType.Smallint, ct);
                await states.WriteAsync(v.Longitude, NpgsqlDbType.Double, ct);
                await states.WriteAsync(v.Latitude, NpgsqlDbType.Double, ct);
                await WriteNullableAsync(states, v.SpeedKnots, NpgsqlDbType.Real, ct);
                await WriteNullableAsync(states, v.CourseDegrees, NpgsqlDbType.Real, ct);
                await WriteNullableAsync(states, v.Heading, NpgsqlDbType.Smallint, ct);
                await WriteNullableAsync(states, v.NavigationalStatus, NpgsqlDbType.Smallint, ct);
            }
            await states.CompleteAsync(ct);
        }
        await using (var statics = await conn.BeginBinaryImportAsync(
                         "COPY vessels (mmsi, name, call_sign, imo, ship_type, reported_at, updated_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var v in generated)
            {
                await statics.StartRowAsync(ct);
                await statics.WriteAsync(v.Mmsi, NpgsqlDbType.Integer, ct);
                await statics.WriteAsync(v.Name, NpgsqlDbType.Varchar, ct);
                await statics.WriteAsync(v.CallSign, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(statics, v.Imo, NpgsqlDbType.Integer, ct);
                await statics.WriteAsync(v.ShipType, NpgsqlDbType.Smallint, ct);
                await statics.WriteAsync(v.ObservedAt, NpgsqlDbType.TimestampTz, ct);
                await statics.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            }
            await statics.CompleteAsync(ct);
        }
        int vessels = generated.Count;

        int assets = 0;
        await using (var import = await conn.BeginBinaryImportAsync(
                         "COPY syn_assets (code, name, type, owner_centre_code, home_base, lon, lat, position_at, cruise_speed_knots, availability, availability_note, contact) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var a in fleet.Assets(o.Assets, now))
            {
                await import.StartRowAsync(ct);
                await import.WriteAsync(a.Code, NpgsqlDbType.Text, ct);
                await import.WriteAsync(a.Name, NpgsqlDbType.Text, ct);
                await import.WriteAsync(a.Type, NpgsqlDbType.Text, ct);
                await import.WriteAsync(a.OwnerCentreCode, NpgsqlDbType.Text, ct);
                await import.WriteAsync(a.HomeBase, NpgsqlDbType.Text, ct);
                await import.WriteAsync(a.Longitude, NpgsqlDbType.Double, ct);
                await import.WriteAsync(a.Latitude, NpgsqlDbType.Double, ct);
                await import.WriteAsync(a.PositionAt, NpgsqlDbType.TimestampTz, ct);
                await import.WriteAsync(a.CruiseSpeedKnots, NpgsqlDbType.Double, ct);
                await import.WriteAsync(a.Availability, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(import, a.AvailabilityNote, NpgsqlDbType.Text, ct);
                await import.WriteAsync(a.Contact, NpgsqlDbType.Text, ct);
                assets++;
            }
            await import.CompleteAsync(ct);
        }

        await ExecuteAsync(conn, """
            INSERT INTO vessel_states (mmsi, observed_at, message_type, position, speed_knots, course_degrees, heading, navigational_status, updated_at)
            SELECT mmsi, observed_at, message_type, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, speed_knots, course_degrees, heading,
                   navigational_status, now()
            FROM syn_states;
            INSERT INTO response_assets (code, name, type, owner_centre_code, home_base, position, position_at, cruise_speed_knots, availability,
                                         availability_note, contact)
            SELECT code, name, type, owner_centre_code, home_base, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, position_at,
                   cruise_speed_knots, availability, availability_note, contact
            FROM syn_assets;
            """, ct);
        await tx.CommitAsync(ct);
        await ExecuteAsync(conn, "ANALYZE vessel_states; ANALYZE vessels; ANALYZE response_assets;", ct);

        var result = new Result(vessels, assets, deletedVessels, deletedAssets, watch.Elapsed);
        o.Out.WriteLine($"  replaced {deletedVessels:N0} synthetic vessels and {deletedAssets:N0} synthetic assets with {vessels:N0} vessels and {assets:N0} assets " +
                        $"in {result.Elapsed.TotalSeconds:F1} s (binary COPY + INSERT … SELECT, ANALYZE)");
        return result;
    }

    /// <summary>
    /// Removes the synthetic vessels and assets. The incidents opened by `load responders` stay: the incident timeline
    /// is append-only (a trigger refuses DELETE), so they are reused by the next run given --connection instead.
    /// </summary>
    public static async Task CleanAsync(string connectionString, TextWriter output, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (vessels, assets) = await DeleteSyntheticAsync(conn, ct);
        await tx.CommitAsync(ct);
        await ExecuteAsync(conn, "ANALYZE vessel_states; ANALYZE vessels; ANALYZE response_assets;", ct);
        output.WriteLine($"clean-responders: deleted {vessels:N0} synthetic vessels and {assets:N0} synthetic assets " +
                         "(load-test incidents stay: the timeline is append-only; `load responders --connection` reuses them)");
    }

    /// <summary>Open incidents opened by earlier load runs (oldest first): id, latitude, longitude.</summary>
    public static async Task<List<(Guid Id, double Latitude, double Longitude)>> LoadIncidentsAsync(string connectionString, int limit, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT i.id, ST_Y(i.last_position::geometry), ST_X(i.last_position::geometry) FROM incidents i
            WHERE i.phase NOT IN ('resolved', 'closed')
              AND EXISTS (SELECT 1 FROM sightings s WHERE s.incident_id = i.id AND s.reporter = $1)
              AND NOT EXISTS (SELECT 1 FROM sightings s WHERE s.incident_id = i.id AND s.reporter <> $1)
            ORDER BY i.opened_at LIMIT $2
            """, conn);
        cmd.Parameters.AddWithValue(LoadReporter);
        cmd.Parameters.AddWithValue(limit);
        var found = new List<(Guid, double, double)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found.Add((reader.GetGuid(0), reader.GetDouble(1), reader.GetDouble(2)));
        return found;
    }

    private static async Task<(long Vessels, long Assets)> DeleteSyntheticAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        long vessels = await ExecuteAsync(conn, $"DELETE FROM vessel_states WHERE mmsi BETWEEN {SyntheticFleet.FirstMmsi} AND {SyntheticFleet.LastMmsi}", ct);
        await ExecuteAsync(conn, $"DELETE FROM vessels WHERE mmsi BETWEEN {SyntheticFleet.FirstMmsi} AND {SyntheticFleet.LastMmsi}", ct);
        long assets = await ExecuteAsync(conn, $"DELETE FROM response_assets WHERE code LIKE '{SyntheticFleet.AssetCodePrefix}%'", ct);
        return (vessels, assets);
    }

    private static async Task<long> ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 600 };
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, ct) : importer.WriteNullAsync(ct);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is not null ? importer.WriteAsync(value, type, ct) : importer.WriteNullAsync(ct);
}
