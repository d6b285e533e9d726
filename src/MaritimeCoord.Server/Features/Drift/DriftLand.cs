using MaritimeCoord.Domain.Drift;
using MaritimeCoord.Forcing;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;

namespace MaritimeCoord.Server.Features.Drift;

/// <summary>
/// The land particles strand on: Natural Earth land polygons (<c>Drift:LandPath</c>, else the global land bundled with
/// MaritimeCoord.Forcing, else samples/geo/coastline.geojson), read once; each run rasterises the part around it into a <see cref="LandMask"/> (O(1) per
/// particle-step).
/// </summary>
public sealed class DriftLand(IOptions<DriftOptions> options, IOptions<SamplesOptions> samples, IHostEnvironment environment, ILogger<DriftLand> log)
{
    private readonly Lazy<IReadOnlyList<Geometry>> _polygons = new(() => Load(options.Value, samples.Value, environment, log));

    /// <summary>A land mask over the area the run can reach at <paramref name="maxSpeed"/> m/s (outside it counts as water).</summary>
    public LandMask MaskFor(DriftRequest request, double maxSpeed)
    {
        var polygons = _polygons.Value;
        return polygons.Count == 0 ? LandMask.None : LandPolygons.MaskFor(polygons, request, maxSpeed, options.Value.LandResolutionMetres);
    }

    private static IReadOnlyList<Geometry> Load(DriftOptions options, SamplesOptions samples, IHostEnvironment environment, ILogger log)
    {
        var path = options.LandPath is { } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : File.Exists(LandPolygons.DefaultPath) ? LandPolygons.DefaultPath
            : Path.GetFullPath(Path.Combine(samples.GeoPath, "coastline.geojson"), environment.ContentRootPath);
        if (!File.Exists(path))
        {
            log.LogWarning("No land polygons at {Path}: drift particles will never strand", path);
            return [];
        }
        return LandPolygons.Read(path);
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

    /// <summary>Fastest drift (m/s) the land mask's box allows for with gridded forcing (on-scene values give their own bound); beyond it particles do not strand.</summary>
    public double MaxDriftSpeedForLand { get; set; } = 3;
}
