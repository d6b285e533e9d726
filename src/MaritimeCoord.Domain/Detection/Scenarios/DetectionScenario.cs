using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Jurisdiction;
using MaritimeCoord.Domain.Vessels;
using NetTopologySuite.Geometries;

namespace MaritimeCoord.Domain.Detection.Scenarios;

/// <summary>A vessel of a scenario (what its type 5 static report says).</summary>
public sealed record ScenarioVessel(int Mmsi, string Name, string CallSign, int ShipType, string Role);

/// <summary>A sighting of a scenario, with the time it reaches the system.</summary>
public sealed record ScenarioSighting(string Id, long TimeMs, double Latitude, double Longitude, string BoatDescription,
    int PersonsOnBoard, string Condition, string Reporter, long DeliverAtMs)
{
    public SightingObservation Observation => new(Id, TimeMs, Latitude, Longitude);
}

/// <summary>A behaviour planted in a scenario: the ground truth a detected event must match.</summary>
/// <param name="Kind">The event kind expected.</param>
/// <param name="Mmsi">The vessel (lower MMSI of an encounter; the suspect of a sighting link).</param>
/// <param name="OtherMmsi">The other vessel of an encounter.</param>
/// <param name="AreaId">The area of an entry.</param>
/// <param name="SightingId">The sighting of a sighting link.</param>
/// <param name="StartMs">When it starts (Unix ms).</param>
/// <param name="ToleranceMs">How far the detected start may be from <paramref name="StartMs"/>.</param>
/// <param name="Description">What was planted.</param>
public sealed record PlantedEvent(DetectionKind Kind, int Mmsi, int? OtherMmsi, string? AreaId, string? SightingId, long StartMs,
    long ToleranceMs, string Description)
{
    public bool Matches(DetectionEvent e) =>
        e.Kind == Kind && e.Mmsi == Mmsi && e.OtherMmsi == OtherMmsi
        && (AreaId is null || string.Equals(e.AreaId, AreaId, StringComparison.Ordinal))
        && (SightingId is null || string.Equals(e.SightingId, SightingId, StringComparison.Ordinal))
        && Math.Abs(e.StartMs - StartMs) <= ToleranceMs;
}

/// <summary>A position and the time it reaches the system (later than it was observed; sometimes much later).</summary>
public readonly record struct Delivery(long DeliverAtMs, PositionReport Report);

/// <summary>A generated scenario: deliveries in arrival order, sightings, ground truth, and the areas it watches.</summary>
public sealed class DetectionScenario
{
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    public required IReadOnlyList<ScenarioVessel> Vessels { get; init; }
    public required IReadOnlyList<Delivery> Deliveries { get; init; }
    public required IReadOnlyList<ScenarioSighting> Sightings { get; init; }
    public required IReadOnlyList<PlantedEvent> Planted { get; init; }
    public required IReadOnlyList<RegionBoundary> Regions { get; init; }
    public required IReadOnlyList<WatchedArea> Areas { get; init; }

    /// <summary>Settings the scenario is meant to be run with: its regions and areas, and a per-region override.</summary>
    public DetectionSettings Settings() => new()
    {
        Regions = JurisdictionIndex.Build(Regions),
        Areas = Areas,
        // An example of per-region thresholds: the eastern region is taken as less covered (8 h gap threshold).
        ByRegion = new Dictionary<string, DetectionThresholds> { ["EAST"] = new() { GapThreshold = TimeSpan.FromHours(8) } },
    };

    internal static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    internal static Polygon Box(double minLon, double minLat, double maxLon, double maxLat) => Factory.CreatePolygon(
    [
        new(minLon, minLat), new(maxLon, minLat), new(maxLon, maxLat), new(minLon, maxLat), new(minLon, minLat),
    ]);
}
