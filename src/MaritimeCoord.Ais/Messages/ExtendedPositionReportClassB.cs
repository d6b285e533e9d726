namespace MaritimeCoord.Ais.Messages;

/// <summary>Type 19: extended Class B equipment position report.</summary>
public readonly record struct ExtendedPositionReportClassB(
    int MessageType, int Repeat, int Mmsi, int Reserved, int Speed, bool Accuracy, int Longitude, int Latitude, int Course,
    int Heading, int Second, int Regional, string ShipName, int ShipType, int ToBow, int ToStern, int ToPort, int ToStarboard,
    int Epfd, bool Raim, bool Dte, bool Assigned)
{
    /// <summary>Decodes a type 19 payload.</summary>
    public static ExtendedPositionReportClassB Decode(AisPayload p) => new(
        p.MessageType, p.Repeat, p.Mmsi,
        Reserved: (int)p.GetUInt(38, 8),
        Speed: (int)p.GetUInt(46, 10),
        Accuracy: p.GetBool(56),
        Longitude: p.GetInt(57, 28),
        Latitude: p.GetInt(85, 27),
        Course: (int)p.GetUInt(112, 12),
        Heading: (int)p.GetUInt(124, 9),
        Second: (int)p.GetUInt(133, 6),
        Regional: (int)p.GetUInt(139, 4),
        ShipName: p.GetText(143, 20),
        ShipType: (int)p.GetUInt(263, 8),
        ToBow: (int)p.GetUInt(271, 9),
        ToStern: (int)p.GetUInt(280, 9),
        ToPort: (int)p.GetUInt(289, 6),
        ToStarboard: (int)p.GetUInt(295, 6),
        Epfd: (int)p.GetUInt(301, 4),
        Raim: p.GetBool(305),
        Dte: p.GetBool(306),
        Assigned: p.GetBool(307));
}
