using System.Text.Json;
using MaritimeCoord.Domain.Drift;
using MaritimeCoord.Persistence.Geo;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.Extensions.Options;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace MaritimeCoord.Server.Features.Drift;

/// <summary>
/// The land particles strand on: the Natural Earth land polygons of samples/geo/coastline.geojson (or
/// <c>Drift:LandPath</c>), read once; each run rasterises the part around it into a <see cref="LandMask"/> (O(1) per
/// particle-step).
/// </summary>
public sealed class DriftLand(IOptions<DriftOptions> options, IOptions<SamplesOptions> samples, IHostEnvironment environment, ILogger<DriftLand> log)
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory(GeoJsonBoundaryLoader.Factory) } };

    private readonly Lazy<List<Geometry>> _polygons = new(() => Load(options.Value, samples.Value, environment, log));

    /// <summary>A land mask over the box the run can reach (outside it counts as water).</summary>
    public LandMask MaskFor(double south, double west, double north, double east)
    {
        var polygons = _polygons.Value;
        return polygons.Count == 0 ? LandMask.None : LandMask.Build(polygons, south, west, north, east, options.Value.LandResolutionMetres);
    }

    private static List<Geometry> Load(DriftOptions options, SamplesOptions samples, IHostEnvironment environment, ILogger log)
    {
        var path = Path.GetFullPath(options.LandPath ?? Path.Combine(samples.GeoPath, "coastline.geojson"), environment.ContentRootPath);
        if (!File.Exists(path))
        {
            log.LogWarning("No land polygons at {Path}: drift particles will never strand", path);
            return [];
        }
        using var stream = File.OpenRead(path);
        var features = JsonSerializer.Deserialize<FeatureCollection>(stream, GeoJson) ?? [];
        return features.Select(f => f.Geometry).Where(g => g is Polygon or MultiPolygon).ToList();
    }
}

public sealed class DriftOptions
{
    public const string Section = "Drift";

    /// <summary>Land polygons (GeoJSON); default samples/geo/coastline.geojson.</summary>
    public string? LandPath { get; set; }

    public double LandResolutionMetres { get; set; } = 500;

    /// <summary>Largest forcing file accepted by upload (bytes).</summary>
    public long MaxForcingFileBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>A running run without a heartbeat for this long was interrupted (crash, kill): the sweep re-runs or fails it.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A run interrupted this many times is marked failed instead of being run again.</summary>
    public int MaxAttempts { get; set; } = 2;

    /// <summary>How often progress is stored and pushed while a run computes.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cron of the interrupted-run sweep.</summary>
    public string SweepCron { get; set; } = "*/1 * * * *";

    /// <summary>Fastest drift (m/s) the land mask's box allows for; beyond it particles do not strand.</summary>
    public double MaxDriftSpeedForLand { get; set; } = 1.5;
}
