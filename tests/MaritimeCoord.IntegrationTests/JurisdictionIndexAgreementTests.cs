using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Jurisdiction;
using MaritimeCoord.Persistence.Spatial;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Xunit.Abstractions;

namespace MaritimeCoord.IntegrationTests;

/// <summary>The in-memory index must give PostGIS's answer (ST_Covers on geography) for the loaded sample regions.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class JurisdictionIndexAgreementTests(SharedHost app, ITestOutputHelper output)
{

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

    /// <summary>
    /// The full answer (<c>GET /api/jurisdiction?source=memory</c> against the default PostGIS one), field for field:
    /// region, covered, the 30 nm flag, neighbours and their edge distances, overlapping regions. Random points with a
    /// fixed seed: a sixth anywhere in the sample box, a sixth exactly on boundary vertices (where regions overlap), two
    /// thirds within 40 nm of a boundary vertex or edge (where the neighbours and the flag change), plus issue 15's points.
    /// </summary>
    /// <summary>Edge distances agree to this (docs/jurisdiction.md has the measured worst case).</summary>
    private const double DistanceToleranceMetres = 1.5;

    [Fact]
    public async Task The_full_answer_agrees_with_PostGIS_field_for_field_on_random_points_concentrated_near_edges()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("MCOORD_FULL_AGREEMENT_POINTS"), out var n) ? n : 3_000;
        var index = await app.WithDbAsync(BuildIndexAsync);
        var boundaries = await app.WithDbAsync(async db => await db.SarRegions.AsNoTracking().Select(r => r.Boundary).ToListAsync());
        var vertices = boundaries.SelectMany(b => b.Coordinates).ToArray();
        var random = new Random(20261207);
        var points = new List<GeoPosition> { new(-2, 92), new(0.43394, 156.03602) };
        var exact = new HashSet<GeoPosition> { new(-2, 92) };   // membership must agree exactly, not just beyond 1 m of a boundary
        var margin = JurisdictionRules.BoundaryMarginMetres;
        while (points.Count < count)
        {
            if (points.Count % 6 == 0)
            {
                points.Add(new GeoPosition(random.NextDouble() * 85 - 50, random.NextDouble() * 120 + 60));
                continue;
            }
            if (points.Count % 6 == 1)
            {
                // Exactly on a boundary vertex: covered by every region sharing it (PostGIS ST_Covers includes the
                // boundary), which is where the samples "overlap", e.g. AUS, IDN and LKA at 2°S 92°E.
                var vertex = vertices[random.Next(vertices.Length)];
                var onVertex = new GeoPosition(vertex.Y, Geodesic.NormaliseLongitude(vertex.X));
                exact.Add(onVertex);
                points.Add(onVertex);
                continue;
            }
            // Near the boundary: between two consecutive vertices (or at one), offset up to 40 nm in any direction.
            var k = random.Next(vertices.Length - 1);
            var t = random.Next(4) == 0 ? 0 : random.NextDouble();
            var (a, b) = (vertices[k], vertices[k + 1]);
            if (Math.Abs(a.X - b.X) > 180 || Math.Abs(a.Y - b.Y) > 5) b = a;   // ring seams and the antimeridian: stay at the vertex
            var on = new GeoPosition(a.Y + t * (b.Y - a.Y), Geodesic.NormaliseLongitude(a.X + t * (b.X - a.X)));
            points.Add(Geodesic.Destination(on, random.NextDouble() * 360, random.NextDouble() * margin * 40 / 30));
        }

        int withNeighbours = 0, flagged = 0, overlapping = 0, nearMarginOnly = 0, nearBoundary = 0;
        var worstRelative = 0.0;
        var worstMetres = 0.0;
        var worstAt = "";
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        foreach (var p in points)
        {
            var memory = index.Resolve(p);
            var postgis = await app.WithDbAsync(db => db.ResolveAsync(p, CancellationToken.None));
            var where = $"at {p.Latitude:R}, {p.Longitude:R}";

            if (memory.Region?.RegionCode != postgis.Region?.RegionCode || !memory.OverlappingRegions.SequenceEqual(postgis.OverlappingRegions))
            {
                // Membership differs only within 1 m of a boundary (as in the test above), and never on a vertex.
                Assert.DoesNotContain(p, exact);
                await using var near = new NpgsqlCommand("""
                    SELECT EXISTS (SELECT 1 FROM sar_regions r
                                   WHERE ST_DWithin(ST_Boundary(r.boundary::geometry)::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 1.0))
                    """, conn) { Parameters = { new() { Value = p.Longitude }, new() { Value = p.Latitude } } };
                Assert.True((bool)(await near.ExecuteScalarAsync())!,
                    $"{where}: memory {memory.Region?.RegionCode ?? "none"} [{string.Join(",", memory.OverlappingRegions)}], " +
                    $"PostGIS {postgis.Region?.RegionCode ?? "none"} [{string.Join(",", postgis.OverlappingRegions)}]");
                nearBoundary++;
                continue;
            }
            Assert.Equal(postgis.Covered, memory.Covered);
            if (postgis.Region is { } region)
            {
                Assert.Equal(region, memory.Region! with { EdgeDistanceMetres = region.EdgeDistanceMetres }); // every other field
                AssertSameDistance(region.EdgeDistanceMetres, memory.Region!.EdgeDistanceMetres, where);
            }

            // Neighbours: the same regions in the same order with the same distances, except one measured within the
            // tolerance of the 30 nm margin, which may fall on either side of it.
            var byCode = memory.Neighbours.ToDictionary(r => r.RegionCode);
            foreach (var expected in postgis.Neighbours)
            {
                if (!byCode.Remove(expected.RegionCode, out var actual))
                {
                    Assert.True(Math.Abs(expected.EdgeDistanceMetres - margin) <= DistanceToleranceMetres, $"{where}: memory lacks neighbour {expected.RegionCode} at {expected.EdgeDistanceMetres} m");
                    nearMarginOnly++;
                    continue;
                }
                Assert.Equal(expected, actual with { EdgeDistanceMetres = expected.EdgeDistanceMetres });
                AssertSameDistance(expected.EdgeDistanceMetres, actual.EdgeDistanceMetres, where);
            }
            foreach (var extra in byCode.Values)
            {
                Assert.True(Math.Abs(extra.EdgeDistanceMetres - margin) <= DistanceToleranceMetres, $"{where}: memory has extra neighbour {extra.RegionCode} at {extra.EdgeDistanceMetres} m");
                nearMarginOnly++;
            }
            if (nearMarginOnly == 0)
            {
                // The same order, except between neighbours equally far within the tolerance (a shared edge).
                var postgisDistance = postgis.Neighbours.ToDictionary(r => r.RegionCode, r => r.EdgeDistanceMetres);
                for (var i = 1; i < memory.Neighbours.Count; i++)
                    Assert.True(postgisDistance[memory.Neighbours[i - 1].RegionCode] <= postgisDistance[memory.Neighbours[i].RegionCode] + DistanceToleranceMetres,
                        $"{where}: neighbours in another order: memory {string.Join(",", memory.Neighbours.Select(r => r.RegionCode))}, PostGIS {string.Join(",", postgis.Neighbours.Select(r => r.RegionCode))}");
                Assert.Equal(postgis.NearApproximateBoundary, memory.NearApproximateBoundary);
            }
            if (postgis.Neighbours.Count > 0) withNeighbours++;
            if (postgis.NearApproximateBoundary) flagged++;
            if (postgis.OverlappingRegions.Count > 0) overlapping++;
        }
        output.WriteLine($"{points.Count} points: {withNeighbours} with neighbours, {flagged} flagged near an approximate edge, " +
                         $"{overlapping} in overlapping regions, {nearBoundary} within 1 m of a boundary, {nearMarginOnly} neighbours within the tolerance of the margin; " +
                         $"worst edge-distance difference {worstMetres:F4} m, {worstRelative:P5} (at {worstAt})");
        Assert.True(withNeighbours > count / 3 && flagged > count / 4 && overlapping > 10, "the points should exercise neighbours, the flag and overlaps");

        void AssertSameDistance(double expected, double actual, string where)
        {
            if (double.IsPositiveInfinity(expected) || double.IsPositiveInfinity(actual))
            {
                Assert.Equal(expected, actual);
                return;
            }
            var difference = Math.Abs(expected - actual);
            if (difference > worstMetres) (worstMetres, worstAt) = (difference, $"{where}, {expected:F1} m");
            worstRelative = Math.Max(worstRelative, difference / Math.Max(expected, 1));
            Assert.True(difference <= DistanceToleranceMetres, $"{where}: edge distance PostGIS {expected:F4} m, memory {actual:F4} m");
        }
    }
}
