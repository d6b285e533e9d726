using MaritimeCoord.Domain.Jurisdiction;
using NetTopologySuite.Geometries;
using NetTopologySuite.Algorithm.Locate;

namespace MaritimeCoord.Domain.Detection;

/// <summary>
/// Thresholds of the detectors for one SAR region (or the default). Defaults are the published ones collected in
/// docs/domain.md ("Behaviour that should raise events"); the source of each is named next to it.
/// </summary>
public sealed record DetectionThresholds
{
    /// <summary>Skylight: "6 h without AIS"; Global Fishing Watch: off/on at 6 h.</summary>
    public TimeSpan GapThreshold { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Coverage awareness: a gap must also reach this multiple of the vessel's own median reporting interval over
    /// <see cref="CoverageWindow"/> before it. docs/domain.md: "in well-covered seas the median ship's longest daily gap is
    /// already ~4 h: a fixed 6 h rule misfires in low-coverage seas" — a ship heard every 3 h by satellite is not dark
    /// after 7 h. The factor 3 is our choice (no published value).
    /// </summary>
    public double GapCoverageFactor { get; init; } = 3;

    /// <summary>How far back the vessel's reporting interval is measured.</summary>
    public TimeSpan CoverageWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Skylight: "two vessels within 250 m for &gt; 30 min".</summary>
    public double EncounterDistanceMetres { get; init; } = 250;

    /// <summary>Skylight: "&gt; 30 min" (Starboard's alternative: &lt; 200 m for 30 min).</summary>
    public TimeSpan EncounterMinDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Global Fishing Watch: "median speed &lt; 2 kn" — keeps ships passing in a lane out.</summary>
    public double EncounterMaxMedianSpeedKnots { get; init; } = 2;

    /// <summary>A separation (or missing reports) shorter than this does not split an encounter. Our choice.</summary>
    public TimeSpan EncounterMaxBreak { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Global Fishing Watch: "hourly average &lt; 2 kn"; Starboard: "&lt; 2 kn".</summary>
    public double LoiterMaxAverageSpeedKnots { get; init; } = 2;

    /// <summary>Global Fishing Watch averages speed over an hour.</summary>
    public TimeSpan LoiterAverageWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Starboard: "for ≥ 4 h".</summary>
    public TimeSpan LoiterMinDuration { get; init; } = TimeSpan.FromHours(4);

    /// <summary>No report for longer than this ends a loitering run (no data, no claim). Our choice.</summary>
    public TimeSpan LoiterMaxBreak { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A sighting this close to a dark or loitering vessel is linked to it. Our choice (a day's drift of a slow boat).</summary>
    public double SightingRadiusNauticalMiles { get; init; } = 10;

    /// <summary>A sighting within this time of a dark or loitering period is linked to it. Our choice.</summary>
    public TimeSpan SightingWindow { get; init; } = TimeSpan.FromHours(6);

    /// <summary>A sighting with an AIS vessel this close at that time is taken to be that vessel (not a boat with no AIS).</summary>
    public double SightingAisClearanceMetres { get; init; } = 500;
}

/// <summary>Kinds of watched area besides SAR regions.</summary>
public enum WatchedAreaKind
{
    /// <summary>A zone drawn by a user (e.g. the approaches to a departure beach).</summary>
    Zone,

    /// <summary>A 12 nm territorial sea.</summary>
    TerritorialSea,
}

/// <summary>
/// A watched polygon (lon/lat, SRID 4326). Membership is tested on the plane of lon/lat, which is exact enough for
/// zones and territorial seas (tens of nautical miles; not crossing the antimeridian); SAR regions go through the
/// <see cref="JurisdictionIndex"/>, which follows great-circle edges.
/// </summary>
public sealed class WatchedArea
{
    // IndexedPointInAreaLocator answers point-in-polygon without allocating (a prepared geometry's Covers builds a
    // point and may run a full relate): "covers" is "not in the exterior".
    private readonly IndexedPointInAreaLocator locator;
    private readonly Envelope envelope;

    [ThreadStatic]
    private static Coordinate? scratch;

    public WatchedArea(string id, WatchedAreaKind kind, string name, Geometry polygon)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        Kind = kind;
        Name = name;
        Polygon = polygon;
        locator = new IndexedPointInAreaLocator(polygon);
        envelope = polygon.EnvelopeInternal;
        locator.Locate(new Coordinate(envelope.MinX, envelope.MinY));     // builds the index now, not on a racing first use
    }

    public string Id { get; }

    /// <summary>Entries before this time (Unix ms) are not events: a zone drawn today does not report yesterday's traffic.</summary>
    public long ActiveFromMs { get; init; } = long.MinValue;

    public WatchedAreaKind Kind { get; }
    public string Name { get; }
    public Geometry Polygon { get; }

    public bool Covers(double latitude, double longitude)
    {
        if (!envelope.Covers(longitude, latitude)) return false;
        var point = scratch ??= new Coordinate();
        point.X = longitude;
        point.Y = latitude;
        return locator.Locate(point) != Location.Exterior;
    }
}

/// <summary>Everything the detectors are configured with. Immutable; share it between runs.</summary>
public sealed record DetectionSettings
{
    /// <summary>Thresholds where no region-specific ones are set.</summary>
    public DetectionThresholds Default { get; init; } = new();

    /// <summary>Thresholds per SAR region code (e.g. a low-coverage region with a longer gap threshold).</summary>
    public IReadOnlyDictionary<string, DetectionThresholds> ByRegion { get; init; } = new Dictionary<string, DetectionThresholds>();

    /// <summary>SAR regions: each position is placed in one (per-region thresholds) and entries into them are events.</summary>
    public JurisdictionIndex? Regions { get; init; }

    /// <summary>Raise <see cref="DetectionKind.AreaEntry"/> when a vessel enters a SAR region.</summary>
    public bool WatchSarRegions { get; init; } = true;

    /// <summary>Most areas watched (one bit each in a track sample); areas past it are not watched.</summary>
    public const int MaxAreas = 64;

    /// <summary>
    /// Zones and territorial seas watched for entries (at most <see cref="MaxAreas"/>). The server watches up to 32
    /// user zones and up to 32 territorial seas; the area id is the event's <see cref="DetectionEvent.AreaId"/>
    /// (<c>zone:…</c>, <c>ts:&lt;country&gt;</c>).
    /// </summary>
    public IReadOnlyList<WatchedArea> Areas { get; init; } = [];

    /// <summary>
    /// Track resolution: a vessel's track keeps the first fix of each interval of this length (and the time of the
    /// last), which bounds memory to (retention / resolution) samples per vessel whatever its reporting rate. It is
    /// also the time step at which pairs of vessels are compared for encounters.
    /// </summary>
    public TimeSpan Resolution { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long tracks are kept: positions later than this are too late to revise anything and are ignored.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(30);

    /// <summary>Vessels faster than this in a time step are not compared for encounters (the median-speed rule needs slow ones).</summary>
    public double EncounterCandidateMaxSpeedKnots { get; init; } = 4;

    /// <summary>
    /// How many threads a large batch is spread over (default: one per core). The result does not depend on it (tests
    /// compare 1 with several).
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public DetectionThresholds For(string? regionCode) =>
        regionCode is not null && ByRegion.TryGetValue(regionCode, out var t) ? t : Default;

    internal DetectionThresholds MaxGapContext()
    {
        var all = ByRegion.Values.Append(Default).ToList();
        return Default with
        {
            LoiterAverageWindow = all.Max(t => t.LoiterAverageWindow),
            EncounterDistanceMetres = all.Max(t => t.EncounterDistanceMetres),
            SightingWindow = all.Max(t => t.SightingWindow),
            GapThreshold = all.Min(t => t.GapThreshold),
        };
    }
}
