using System.Diagnostics;
using System.Globalization;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.IntegrationTests.Infrastructure;
using Npgsql;
using NpgsqlTypes;
using Xunit.Abstractions;

namespace MaritimeCoord.IntegrationTests;

/// <summary>
/// The Domain's ellipsoidal geodesics (Karney's algorithm, docs/geodesy.md) against PostGIS <c>geography</c> on the
/// WGS84 spheroid: <c>ST_Distance(a, b, true)</c> for the inverse problem and <c>ST_Project</c> for the direct problem,
/// on 120 000 pairs with a fixed seed, sent in one binary COPY and read back with one SELECT.
/// </summary>
public sealed class GeodesyAgainstPostgisTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 4_2013; // issue 4; Karney 2013
    private const double ToleranceMetres = 0.1;

    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestServers.CreateDatabaseAsync("geod");

    public Task DisposeAsync() => TestServers.DropDatabaseAsync(_connectionString);

    private sealed record Case(int Id, string Kind, GeoPosition A, GeoPosition B, double AzimuthDegrees, double DistanceMetres);

    [Fact]
    public async Task Distances_and_projected_points_agree_with_PostGIS_geography_within_a_decimetre()
    {
        var cases = GenerateCases(new Random(Seed));
        var clock = Stopwatch.StartNew();

        await using var conn = new NpgsqlConnection(_connectionString);
        await conn.OpenAsync();
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE pairs (id int PRIMARY KEY, lat1 float8, lon1 float8, lat2 float8, lon2 float8, azi float8, dist float8)", conn))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using (var writer = await conn.BeginBinaryImportAsync("COPY pairs (id, lat1, lon1, lat2, lon2, azi, dist) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var c in cases)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(c.Id, NpgsqlDbType.Integer);
                await writer.WriteAsync(c.A.Latitude, NpgsqlDbType.Double);
                await writer.WriteAsync(c.A.Longitude, NpgsqlDbType.Double);
                await writer.WriteAsync(c.B.Latitude, NpgsqlDbType.Double);
                await writer.WriteAsync(c.B.Longitude, NpgsqlDbType.Double);
                await writer.WriteAsync(c.AzimuthDegrees, NpgsqlDbType.Double);
                await writer.WriteAsync(c.DistanceMetres, NpgsqlDbType.Double);
            }
            await writer.CompleteAsync();
        }
        var copied = clock.Elapsed;

        var postgisDistance = new double[cases.Count];
        var postgisProjected = new GeoPosition[cases.Count];
        const string sql = """
            SELECT id, ST_Distance(a, b, true), ST_Y(p::geometry), ST_X(p::geometry)
            FROM (SELECT id,
                         ST_SetSRID(ST_MakePoint(lon1, lat1), 4326)::geography AS a,
                         ST_SetSRID(ST_MakePoint(lon2, lat2), 4326)::geography AS b,
                         ST_Project(ST_SetSRID(ST_MakePoint(lon1, lat1), 4326)::geography, dist, radians(azi)) AS p
                  FROM pairs) q
            """;
        await using (var select = new NpgsqlCommand(sql, conn))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var id = reader.GetInt32(0);
                postgisDistance[id] = reader.GetDouble(1);
                postgisProjected[id] = new GeoPosition(Math.Clamp(reader.GetDouble(2), -90, 90), Geodesic.NormaliseLongitude(reader.GetDouble(3)));
            }
        }
        var queried = clock.Elapsed;

        var distanceErrors = new double[cases.Count];
        var projectionErrors = new double[cases.Count];
        foreach (var c in cases)
        {
            distanceErrors[c.Id] = Math.Abs(Geodesic.Distance(c.A, c.B) - postgisDistance[c.Id]);
            projectionErrors[c.Id] = Geodesic.Distance(Geodesic.Destination(c.A, c.AzimuthDegrees, c.DistanceMetres), postgisProjected[c.Id]);
        }
        var computed = clock.Elapsed;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cases.Count} pairs; COPY {copied.TotalSeconds:F2} s, PostGIS SELECT {(queried - copied).TotalSeconds:F2} s, Domain {(computed - queried).TotalSeconds:F2} s"));
        Report("ST_Distance(geography, geography, true) vs Geodesic.Inverse, |Δ| metres", cases, distanceErrors);
        Report("ST_Project(geography, s, azimuth) vs Geodesic.Destination, distance between the two points, metres", cases, projectionErrors);

        Assert.True(distanceErrors.Max() <= ToleranceMetres, $"max distance disagreement {distanceErrors.Max()} m");
        Assert.True(projectionErrors.Max() <= ToleranceMetres, $"max projection disagreement {projectionErrors.Max()} m");
    }

    private void Report(string title, List<Case> cases, double[] errors)
    {
        output.WriteLine(title);
        foreach (var group in cases.GroupBy(c => c.Kind).Prepend(cases.GroupBy(_ => "all").Single()))
        {
            var sorted = group.Select(c => errors[c.Id]).Order().ToArray();
            var worst = group.MaxBy(c => errors[c.Id])!;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {group.Key,-12} n={sorted.Length,6}  median {Percentile(sorted, 0.5):E2}  p99 {Percentile(sorted, 0.99):E2}  " +
                $"p99.9 {Percentile(sorted, 0.999):E2}  max {sorted[^1]:E2}  (worst: {worst.A.Latitude:R},{worst.A.Longitude:R} -> " +
                $"{worst.B.Latitude:R},{worst.B.Longitude:R}; azi {worst.AzimuthDegrees:R} s {worst.DistanceMetres:R})"));
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];

    // 100 000 pairs uniform on the sphere, plus the awkward ones: nearly antipodal (the Vincenty failure region, down
    // to 1e-6° from exact), crossing the antimeridian, very short, on the equator, on a meridian, at the poles. Each
    // case also carries an azimuth and a distance (0 to 20 000 km, some short) for the direct problem.
    private static List<Case> GenerateCases(Random random)
    {
        var cases = new List<Case>(120_000);
        void Add(string kind, GeoPosition a, GeoPosition b)
        {
            var distance = cases.Count % 10 == 0 ? random.NextDouble() * 10_000 : random.NextDouble() * 20_000_000;
            cases.Add(new Case(cases.Count, kind, a, b, random.NextDouble() * 360, distance));
        }
        double Uniform(double min, double max) => min + (max - min) * random.NextDouble();
        GeoPosition OnSphere() => new(Math.Asin(Uniform(-1, 1)) * 180 / Math.PI, Uniform(-180, 180));

        for (var i = 0; i < 100_000; i++) Add("uniform", OnSphere(), OnSphere());
        for (var i = 0; i < 8_000; i++)
        {
            var a = OnSphere();
            var spread = i % 4 switch { 0 => 1.0, 1 => 0.1, 2 => 1e-3, _ => 1e-6 };
            var b = new GeoPosition(Math.Clamp(-a.Latitude + Uniform(-spread, spread), -90, 90),
                Geodesic.NormaliseLongitude(a.Longitude + 180 + Uniform(-spread, spread)));
            Add("antipodal", a, b);
        }
        for (var i = 0; i < 8_000; i++)
            Add("antimeridian", new GeoPosition(Uniform(-70, 70), Uniform(170, 180)), new GeoPosition(Uniform(-70, 70), Uniform(-180, -170)));
        for (var i = 0; i < 2_000; i++)
        {
            var a = OnSphere();
            var b = new GeoPosition(Math.Clamp(a.Latitude + Uniform(-0.01, 0.01), -90, 90), Geodesic.NormaliseLongitude(a.Longitude + Uniform(-0.01, 0.01)));
            Add("short", a, b);
        }
        for (var i = 0; i < 1_000; i++) Add("equator", new GeoPosition(0, Uniform(-180, 180)), new GeoPosition(0, Uniform(-180, 180)));
        for (var i = 0; i < 500; i++)
        {
            var lon = Uniform(-180, 180);
            Add("meridian", new GeoPosition(Uniform(-90, 90), lon), new GeoPosition(Uniform(-90, 90), i % 2 == 0 ? lon : Geodesic.NormaliseLongitude(lon + 180)));
        }
        for (var i = 0; i < 500; i++) Add("pole", new GeoPosition(i % 2 == 0 ? 90 : -90, Uniform(-180, 180)), OnSphere());
        return cases;
    }
}
