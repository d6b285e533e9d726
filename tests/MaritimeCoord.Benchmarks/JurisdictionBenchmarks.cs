using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MaritimeCoord.Domain.Jurisdiction;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;
using Npgsql;

namespace MaritimeCoord.Benchmarks;

/// <summary>
/// Jurisdiction lookups: the in-memory index (hot path) and, side by side, the same question asked of PostGIS.
/// dotnet run -c Release --project tests/MaritimeCoord.Benchmarks -- --filter '*Jurisdiction*'
/// The PostGIS benchmark needs the database of ops/run.sh (or MCOORD_BENCH_DB) with the sample regions loaded.
/// </summary>
[MemoryDiagnoser]
public class JurisdictionIndexBenchmarks
{
    private const int Points = 10_000;
    private JurisdictionIndex index = null!;
    private double[] latitudes = null!;
    private double[] longitudes = null!;

    [GlobalSetup]
    public void Setup()
    {
        index = SampleRegions.BuildIndex();
        (latitudes, longitudes) = SampleRegions.RandomPoints(Points);
    }

    /// <summary>One lookup per operation, over random points in 50S..35N, 60E..180E.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public int InMemoryLookup()
    {
        var covered = 0;
        for (var i = 0; i < Points; i++)
            if (index.CoveringRegionCode(latitudes[i], longitudes[i]) is not null) covered++;
        return covered;
    }

#pragma warning disable CA1822 // BenchmarkDotNet runs instance methods
    [Benchmark]
    public JurisdictionIndex BuildIndex() => SampleRegions.BuildIndex();
#pragma warning restore CA1822
}

[MemoryDiagnoser]
public class JurisdictionPostgisBenchmarks
{
    private const int Points = 200;
    private NpgsqlDataSource dataSource = null!;
    private double[] latitudes = null!;
    private double[] longitudes = null!;

    [GlobalSetup]
    public void Setup()
    {
        dataSource = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("MCOORD_BENCH_DB")
            ?? "Host=127.0.0.1;Port=5432;Database=maritimecoord;Username=maritime;Password=maritime");
        (latitudes, longitudes) = SampleRegions.RandomPoints(Points);
    }

    [GlobalCleanup]
    public void Cleanup() => dataSource.Dispose();

    /// <summary>ST_Covers on the whole regions (thousands of vertices each), one round trip per point.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public Task<int> PostgisLookupWholeRegions() => RunAsync(
        "SELECT code FROM sar_regions WHERE ST_Covers(boundary, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) ORDER BY code LIMIT 1");

    private async Task<int> RunAsync(string sql)
    {
        var covered = 0;
        await using var conn = await dataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var lon = new NpgsqlParameter<double>();
        var lat = new NpgsqlParameter<double>();
        cmd.Parameters.Add(lon);
        cmd.Parameters.Add(lat);
        await cmd.PrepareAsync();
        for (var i = 0; i < Points; i++)
        {
            lon.TypedValue = longitudes[i];
            lat.TypedValue = latitudes[i];
            if (await cmd.ExecuteScalarAsync() is string) covered++;
        }
        return covered;
    }
}

internal static class SampleRegions
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public static JurisdictionIndex BuildIndex()
    {
        var options = GeoJson;
        var path = Path.Combine(RepositoryRoot(), "samples", "geo", "sar-regions.geojson");
        var features = JsonSerializer.Deserialize<FeatureCollection>(File.ReadAllText(path), options)!;
        return JurisdictionIndex.Build(features.Select(f => new RegionBoundary(
            (string)f.Attributes["code"], (string)f.Attributes["name"], (string)f.Attributes["centreCode"], (string)f.Attributes["centreCode"],
            (string)f.Attributes["boundaryVersion"], (bool)f.Attributes["approximate"], f.Geometry)));
    }

    public static (double[] Latitudes, double[] Longitudes) RandomPoints(int count)
    {
        var random = new Random(42);
        var lat = new double[count];
        var lon = new double[count];
        for (var i = 0; i < count; i++)
        {
            lat[i] = random.NextDouble() * 85 - 50;
            lon[i] = random.NextDouble() * 120 + 60;
        }
        return (lat, lon);
    }

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "MaritimeCoord.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("Run from inside the repository.");
    }
}
