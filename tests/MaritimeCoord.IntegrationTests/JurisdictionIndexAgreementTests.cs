using MaritimeCoord.Domain.Jurisdiction;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Xunit.Abstractions;

namespace MaritimeCoord.IntegrationTests;

/// <summary>The in-memory index must give PostGIS's answer (ST_Covers on geography) for the loaded sample regions.</summary>
public sealed class JurisdictionIndexAgreementTests(JurisdictionIndexAgreementTests.App app, ITestOutputHelper output)
    : IClassFixture<JurisdictionIndexAgreementTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
    }

    public static async Task<JurisdictionIndex> BuildIndexAsync(MaritimeDbContext db) =>
        JurisdictionIndex.Build((await db.SarRegions.AsNoTracking().Include(r => r.RescueCentre).ToListAsync())
            .Select(r => new RegionBoundary(r.Code, r.Name, r.RescueCentreCode, r.RescueCentre!.Name, r.BoundaryVersion, r.Approximate, r.Boundary)));

    [Fact]
    public async Task Agrees_with_PostGIS_on_random_points_except_within_1_m_of_a_boundary()
    {
        // 100,000 in CI (about 20 s); MCOORD_AGREEMENT_POINTS=1000000 for the figure in docs/performance.md.
        var count = int.TryParse(Environment.GetEnvironmentVariable("MCOORD_AGREEMENT_POINTS"), out var n) ? n : 100_000;
        var index = await app.WithDbAsync(BuildIndexAsync);
        var random = new Random(20261128);
        var points = new (double Lat, double Lon)[count];
        for (var i = 0; i < count; i++) points[i] = (random.NextDouble() * 85 - 50, random.NextDouble() * 120 + 60); // 50S..35N, 60E..180E

        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await new NpgsqlCommand("CREATE TEMP TABLE pts (id int, lon float8, lat float8)", conn).ExecuteNonQueryAsync();
        await using (var copy = await conn.BeginBinaryImportAsync("COPY pts (id, lon, lat) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(i, NpgsqlDbType.Integer);
                await copy.WriteAsync(points[i].Lon, NpgsqlDbType.Double);
                await copy.WriteAsync(points[i].Lat, NpgsqlDbType.Double);
            }
            await copy.CompleteAsync();
        }
        await new NpgsqlCommand("ALTER TABLE pts ADD COLUMN g geography(point, 4326); UPDATE pts SET g = ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography", conn).ExecuteNonQueryAsync();

        var postgis = new string?[count];
        await using (var cmd = new NpgsqlCommand("""
            SELECT p.id, (SELECT r.code FROM sar_regions r WHERE ST_Covers(r.boundary, p.g) ORDER BY r.code LIMIT 1)
            FROM pts p
            """, conn) { CommandTimeout = 900 })
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) postgis[reader.GetInt32(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);

        var disagreements = Enumerable.Range(0, count)
            .Where(i => index.CoveringRegionCode(points[i].Lat, points[i].Lon) != postgis[i]).ToList();
        var nearBoundary = 0;
        foreach (var i in disagreements)
        {
            await using var near = new NpgsqlCommand("""
                SELECT EXISTS (SELECT 1 FROM sar_regions r, pts p
                               WHERE p.id = $1 AND ST_DWithin(ST_Boundary(r.boundary::geometry)::geography, p.g, 1.0))
                """, conn) { Parameters = { new() { Value = i } } };
            if ((bool)(await near.ExecuteScalarAsync())!) nearBoundary++;
            else output.WriteLine($"disagreement at {points[i].Lat:R}, {points[i].Lon:R}: index {index.CoveringRegionCode(points[i].Lat, points[i].Lon) ?? "none"}, PostGIS {postgis[i] ?? "none"}");
        }
        var covered = postgis.Count(c => c is not null);
        output.WriteLine($"{count} points, {covered} covered by a region, {disagreements.Count} disagreements, {nearBoundary} of them within 1 m of a boundary");

        Assert.True(covered > count / 4, "the sample should cover a good part of the box");
        Assert.Equal(disagreements.Count, nearBoundary);
    }
}
