namespace MaritimeCoord.Ais.Messages;

/// <summary>Type 9: SAR aircraft position report. Altitude in m (4095 n/a), speed in whole knots (1023 n/a), course 0.1°.</summary>
public readonly record struct SarAircraftPositionReport(
    int MessageType, int Repeat, int Mmsi, int Altitude, int Speed, bool Accuracy, int Longitude, int Latitude, int Course,
    int Second, int Regional, bool Dte, bool Assigned, bool Raim, int Radio)
{
    /// <summary>Decodes a type 9 payload.</summary>
    public static SarAircraftPositionReport Decode(AisPayload p) => new(
        p.MessageType, p.Repeat, p.Mmsi,
        Altitude: (int)p.GetUInt(38, 12),
        Speed: (int)p.GetUInt(50, 10),
        Accuracy: p.GetBool(60),
        Longitude: p.GetInt(61, 28),
        Latitude: p.GetInt(89, 27),
        Course: (int)p.GetUInt(116, 12),
        Second: (int)p.GetUInt(128, 6),
        Regional: (int)p.GetUInt(134, 8),
        Dte: p.GetBool(142),
        Assigned: p.GetBool(146),
        Raim: p.GetBool(147),
        Radio: (int)p.GetUInt(148, 20));
}
