namespace MaritimeCoord.Domain.Vessels;

/// <summary>
/// One vessel position as stored: decoded, validated, in SI-ish units. "Not available" is NaN for
/// <see cref="SpeedKnots"/>/<see cref="CourseDegrees"/> and -1 for <see cref="Heading"/>/<see cref="NavigationalStatus"/>,
/// so the struct stays small on the ingest hot path.
/// </summary>
/// <param name="Mmsi">Vessel identity (1-999,999,999).</param>
/// <param name="ObservedAtMs">Receive time (tag block, USCG trailer, <c>$PGHP</c>) or arrival time, Unix milliseconds UTC.</param>
/// <param name="MessageType">AIS message type it came from (1, 2, 3, 9, 18, 19, 27).</param>
/// <param name="Longitude">WGS84 degrees, -180..180.</param>
/// <param name="Latitude">WGS84 degrees, -90..90.</param>
/// <param name="SpeedKnots">Speed over ground in knots, NaN when not available.</param>
/// <param name="CourseDegrees">Course over ground in degrees, NaN when not available.</param>
/// <param name="Heading">True heading in degrees, -1 when not available.</param>
/// <param name="NavigationalStatus">ITU navigational status 0-15 (types 1-3 and 27), -1 otherwise.</param>
/// <param name="PayloadHash">64-bit hash of the armoured payload: the identity of one transmission (see <see cref="VesselDeduplicator"/>).</param>
public readonly record struct PositionReport(
    int Mmsi,
    long ObservedAtMs,
    byte MessageType,
    double Longitude,
    double Latitude,
    float SpeedKnots,
    float CourseDegrees,
    short Heading,
    sbyte NavigationalStatus,
    ulong PayloadHash);
