using MaritimeCoord.Domain.Alerts;
using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.IO;
using Npgsql;

namespace MaritimeCoord.Server.Detection;

/// <summary>A stored watch zone as the detectors and the alert matcher use it.</summary>
public sealed record StoredZone(Guid Id, string CentreCode, string Name, DateTimeOffset CreatedAt, WatchedArea Area)
{
    /// <summary>The area id in detection events (<c>zone:&lt;id&gt;</c>).</summary>
    public static string AreaId(Guid id) => "zone:" + id.ToString("N");
}

/// <summary>Reads watch zones and alert rules (raw SQL: these tables are not in the EF model).</summary>
public static class WatchStore
{
    /// <summary>Zones the detectors watch at most (a bit each in a track sample).</summary>
    public const int MaxZonesTotal = 32;

    /// <summary>Zones one centre may draw.</summary>
    public const int MaxZonesPerCentre = 8;

    public static async Task<List<StoredZone>> ZonesAsync(MaritimeDbContext db, CancellationToken ct)
    {
        var connection = await OpenAsync(db, ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT id, centre_code, name, created_at, ST_AsBinary(area::geometry) FROM watch_zones ORDER BY created_at, id LIMIT @max";
        cmd.Parameters.AddWithValue("max", MaxZonesTotal);
        var reader = new WKBReader();
        var zones = new List<StoredZone>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var id = r.GetGuid(0);
            var geometry = reader.Read((byte[])r.GetValue(4));
            geometry.SRID = 4326;
            var createdAt = r.GetFieldValue<DateTimeOffset>(3);
            zones.Add(new StoredZone(id, r.GetString(1), r.GetString(2), createdAt,
                new WatchedArea(StoredZone.AreaId(id), WatchedAreaKind.Zone, r.GetString(2), geometry) { ActiveFromMs = createdAt.ToUnixTimeMilliseconds() }));
        }
        return zones;
    }

    /// <summary>Territorial seas the detectors watch at most (a bit each in a track sample, besides the zones').</summary>
    public const int MaxTerritorialSeas = 32;

    /// <summary>The area id of a territorial sea in detection events (<c>ts:&lt;country&gt;</c>).</summary>
    public static string TerritorialSeaAreaId(string country) => "ts:" + country;

    /// <summary>
    /// What identifies the loaded territorial seas (countries and load times): cheap to read every run, so the
    /// polygons (megabytes) are read again only when it changes.
    /// </summary>
    public static async Task<string> TerritorialSeasKeyAsync(MaritimeDbContext db, CancellationToken ct)
    {
        var connection = await OpenAsync(db, ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT coalesce(string_agg(country || '@' || to_char(loaded_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS'), ',' ORDER BY country), '')
            FROM (SELECT country, loaded_at FROM territorial_seas ORDER BY country LIMIT @max) t
            """;
        cmd.Parameters.AddWithValue("max", MaxTerritorialSeas);
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// The territorial seas as watched areas (kind <see cref="WatchedAreaKind.TerritorialSea"/>, named by country), in
    /// country order. Entries count whenever they happened: the limits are geography, not a user's new interest.
    /// </summary>
    public static async Task<List<WatchedArea>> TerritorialSeasAsync(MaritimeDbContext db, CancellationToken ct)
    {
        var connection = await OpenAsync(db, ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT country, ST_AsBinary(area::geometry) FROM territorial_seas ORDER BY country LIMIT @max";
        cmd.Parameters.AddWithValue("max", MaxTerritorialSeas);
        var reader = new WKBReader();
        var seas = new List<WatchedArea>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var country = r.GetString(0);
            var geometry = reader.Read((byte[])r.GetValue(1));
            geometry.SRID = 4326;
            seas.Add(new WatchedArea(TerritorialSeaAreaId(country), WatchedAreaKind.TerritorialSea, country, geometry));
        }
        return seas;
    }

    public static async Task<List<AlertRule>> RulesAsync(MaritimeDbContext db, string? centre, CancellationToken ct)
    {
        var connection = await OpenAsync(db, ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT id, centre_code, kinds, area_kind, region_code, zone_id, bbox, min_severity FROM alert_rules
            WHERE @centre::text IS NULL OR centre_code = @centre::text ORDER BY centre_code, id
            """;
        cmd.Parameters.AddWithValue("centre", (object?)centre ?? DBNull.Value);
        var rules = new List<AlertRule>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var kinds = new HashSet<DetectionKind>();
            foreach (var k in r.GetFieldValue<string[]>(2)) if (DetectionEvent.TryParseKind(k, out var kind)) kinds.Add(kind);
            var bbox = r.IsDBNull(6) ? null : r.GetFieldValue<double[]>(6);
            var area = r.GetString(3) switch
            {
                "sar-region" => new AlertArea(AlertAreaKind.SarRegion, r.IsDBNull(4) ? null : r.GetString(4)),
                "zone" => new AlertArea(AlertAreaKind.Zone, r.IsDBNull(5) ? null : StoredZone.AreaId(r.GetGuid(5))),
                "bbox" when bbox is { Length: 4 } => new AlertArea(AlertAreaKind.Bbox, null, bbox[0], bbox[1], bbox[2], bbox[3]),
                _ => AlertArea.Anywhere,
            };
            if (!AlertSeverities.TryParse(r.GetString(7), out var severity)) severity = AlertSeverity.Low;   // the CHECK constraint allows no other
            rules.Add(new AlertRule(r.GetGuid(0), r.GetString(1), kinds, area, severity));
        }
        return rules;
    }

    private static async Task<NpgsqlConnection> OpenAsync(MaritimeDbContext db, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        return connection;
    }
}
