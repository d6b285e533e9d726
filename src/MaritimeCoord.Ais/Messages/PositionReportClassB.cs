namespace MaritimeCoord.Ais.Messages;

/// <summary>Type 18: standard Class B CS position report. Units as <see cref="PositionReportClassA"/>.</summary>
public readonly record struct PositionReportClassB(
    int MessageType, int Repeat, int Mmsi, int Reserved, int Speed, bool Accuracy, int Longitude, int Latitude, int Course,
    int Heading, int Second, int Regional, bool CarrierSense, bool Display, bool Dsc, bool Band, bool Msg22, bool Assigned,
    bool Raim, int Radio)
{
    /// <summary>Decodes a type 18 payload.</summary>
    public static PositionReportClassB Decode(AisPayload p) => new(
        p.MessageType, p.Repeat, p.Mmsi,
        Reserved: (int)p.GetUInt(38, 8),
        Speed: (int)p.GetUInt(46, 10),
        Accuracy: p.GetBool(56),
        Longitude: p.GetInt(57, 28),
        Latitude: p.GetInt(85, 27),
        Course: (int)p.GetUInt(112, 12),
        Heading: (int)p.GetUInt(124, 9),
        Second: (int)p.GetUInt(133, 6),
        Regional: (int)p.GetUInt(139, 2),
        CarrierSense: p.GetBool(141),
        Display: p.GetBool(142),
        Dsc: p.GetBool(143),
        Band: p.GetBool(144),
        Msg22: p.GetBool(145),
        Assigned: p.GetBool(146),
        Raim: p.GetBool(147),
        Radio: (int)p.GetUInt(148, 20));

    /// <summary>Latitude in degrees, or null when not available.</summary>
    public double? LatitudeDegrees => Units.Degrees(Latitude, 91);

    /// <summary>Longitude in degrees, or null when not available.</summary>
    public double? LongitudeDegrees => Units.Degrees(Longitude, 181);
}
