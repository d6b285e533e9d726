namespace MaritimeCoord.Persistence.History;

/// <summary>One stored AIS position as the history queries return it (no personal data: AIS is about ships).</summary>
public readonly record struct HistoryPosition(
    int Mmsi, DateTimeOffset ObservedAt, double Longitude, double Latitude, float? SpeedKnots, float? CourseDegrees,
    short? Heading, short? NavigationalStatus, short MessageType);

/// <summary>ByTime: (observed_at, mmsi) — a moving picture; ByVessel: (mmsi, observed_at) — tracks, one vessel after another.</summary>
public enum HistoryOrder
{
    ByTime,
    ByVessel,
}
