namespace MaritimeCoord.Contracts.Vessels;

/// <summary>The newest stored AIS position of one vessel, as carried by <see cref="VesselPositionsUpdated"/>.</summary>
/// <param name="Mmsi">Vessel identity (MMSI).</param>
/// <param name="ObservedAt">Receive time of the report (UTC).</param>
/// <param name="Latitude">WGS84 latitude in decimal degrees.</param>
/// <param name="Longitude">WGS84 longitude in decimal degrees.</param>
/// <param name="SpeedKnots">Speed over ground in knots, null when not available.</param>
/// <param name="CourseDegrees">Course over ground in degrees, null when not available.</param>
/// <param name="Heading">True heading in degrees, null when not available.</param>
/// <param name="NavigationalStatus">ITU navigational status (0 under way using engine … 15 undefined), null for class B.</param>
/// <param name="MessageType">AIS message type of the report (1, 2, 3, 9, 18, 19, 27).</param>
public sealed record VesselPosition(
    int Mmsi,
    DateTimeOffset ObservedAt,
    double Latitude,
    double Longitude,
    double? SpeedKnots,
    double? CourseDegrees,
    int? Heading,
    int? NavigationalStatus,
    int MessageType);
