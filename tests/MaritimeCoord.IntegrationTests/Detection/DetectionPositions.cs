using System.Globalization;
using MaritimeCoord.IntegrationTests.Infrastructure;

namespace MaritimeCoord.IntegrationTests.Detection;

/// <summary>Writes AIS positions straight into ais_positions (creating the day partitions), for detection job tests.</summary>
internal static class DetectionPositions
{
    /// <summary>One vessel reporting every <paramref name="everySeconds"/> from <paramref name="from"/> to <paramref name="to"/>, moving linearly between two points.</summary>
    public static async Task InsertTrackAsync(MaritimeAppFactory app, int mmsi, DateTimeOffset from, DateTimeOffset to, int everySeconds,
        double lat0, double lon0, double lat1, double lon1, float sog, float cog, int status = 0)
    {
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day <= DateOnly.FromDateTime(to.UtcDateTime); day = day.AddDays(1))
        {
            string f = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), t = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await ExecAsync(app, $"CREATE TABLE IF NOT EXISTS ais_positions_p{day:yyyyMMdd} PARTITION OF ais_positions FOR VALUES FROM ('{f} 00:00:00+00') TO ('{t} 00:00:00+00')");
        }
        double seconds = (to - from).TotalSeconds;
        string sql = string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO ais_positions (mmsi, observed_at, message_type, position, speed_knots, course_degrees, heading, navigational_status)
            SELECT {mmsi}, '{from:O}'::timestamptz + make_interval(secs => s), 1,
                   ST_SetSRID(ST_MakePoint({lon0} + ({lon1} - {lon0}) * s / {seconds}, {lat0} + ({lat1} - {lat0}) * s / {seconds}), 4326)::geography,
                   {sog}, {cog}, NULL, {status}
            FROM generate_series(0, {(long)seconds}, {everySeconds}) s
            """);
        await ExecAsync(app, sql);
    }

    public static async Task ExecAsync(MaritimeAppFactory app, string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
