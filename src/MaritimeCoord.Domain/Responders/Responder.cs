using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Responders;

public enum AssetType
{
    PatrolBoat,
    Cutter,
    LifeBoat,
    FixedWingAircraft,
    Helicopter,
    Other,
}

public enum AssetAvailability
{
    Available,

    /// <summary>On another task.</summary>
    Tasked,

    Maintenance,

    OffDuty,
}

/// <summary>A government asset (patrol boat, aircraft...) as the registry of assets knows it (docs/domain.md, "Nearest responders").</summary>
/// <param name="Position">Its last known position (for an asset alongside, its home base).</param>
/// <param name="PositionTime">When it was there.</param>
/// <param name="AvailabilityNote">Why it is not available, e.g. "engine overhaul until 3 Dec".</param>
public sealed record GovernmentAsset(
    string Id,
    string Name,
    AssetType Type,
    double CruiseSpeedKnots,
    AssetAvailability Availability,
    string? HomeBase,
    GeoPosition Position,
    DateTimeOffset PositionTime,
    string? Contact,
    string? AvailabilityNote = null);

/// <summary>
/// A vessel known from AIS: its last position report. Course and speed are null when the report says "not available"
/// (AIS COG 360, SOG 102.3).
/// </summary>
public sealed record AisVessel(
    long Mmsi,
    string? Name,
    GeoPosition Position,
    double? CourseOverGroundDegrees,
    double? SpeedOverGroundKnots,
    DateTimeOffset FixTime,
    string? Contact,
    string? ShipType = null);
