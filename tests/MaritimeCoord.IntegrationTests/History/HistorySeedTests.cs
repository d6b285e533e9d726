using MaritimeCoord.DevTools.Load;
using MaritimeCoord.IntegrationTests.Infrastructure;
using Npgsql;

namespace MaritimeCoord.IntegrationTests.History;

/// <summary>`mcoord load seed-history` on a fresh database: exact counts, partitions, incidents, and the same rows for the same seed.</summary>
public sealed class HistorySeedTests : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestServers.CreateDatabaseAsync("mct_seed");

    public async Task DisposeAsync() => await TestServers.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Seeds_exactly_the_positions_asked_for_and_the_same_rows_again_for_the_same_seed()
    {
        var options = new HistorySeed.Options(_connectionString, 12_345, 3, new DateOnly(2026, 11, 3), Seed: 7, Incidents: 2, Truncate: false, TextWriter.Null);
        Assert.Equal(0, await HistorySeed.RunAsync(options, default));
        Assert.Equal(12_345, await ScalarAsync<long>("SELECT count(*) FROM ais_positions"));
        Assert.Equal(3, await ScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'ais_positions'::regclass"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM ais_positions WHERE observed_at < '2026-11-01' OR observed_at >= '2026-11-04'"));
        Assert.Equal(2, await ScalarAsync<long>("SELECT count(*) FROM incidents WHERE reference LIKE 'HIST-%'"));
        Assert.Equal(6, await ScalarAsync<long>("SELECT count(*) FROM sightings"));
        Assert.True(await ScalarAsync<long>("SELECT count(DISTINCT mmsi) FROM ais_positions WHERE mmsi >= 981000000") >= 2); // small boats
        // Every crossing boat's track runs between its two ends (e.g. Java → Christmas Island stays in 104..124 E, 6..15 S).
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM ais_positions WHERE mmsi >= 981000000 AND NOT (ST_X(position::geometry) BETWEEN 104 AND 124 AND ST_Y(position::geometry) BETWEEN -15 AND -6)"));
        var fingerprint = await ScalarAsync<string>(Fingerprint);

        Assert.Equal(0, await HistorySeed.RunAsync(options with { Truncate = true }, default));
        Assert.Equal(12_345, await ScalarAsync<long>("SELECT count(*) FROM ais_positions"));
        Assert.Equal(fingerprint, await ScalarAsync<string>(Fingerprint));
        Assert.Equal(2, await ScalarAsync<long>("SELECT count(*) FROM incidents")); // not inserted twice
    }

    private const string Fingerprint =
        "SELECT md5(string_agg(mmsi || ',' || observed_at || ',' || ST_AsText(position) || ',' || speed_knots, ';' ORDER BY observed_at, mmsi)) FROM ais_positions";

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(_connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
