namespace MaritimeCoord.Ais.Messages;

/// <summary>
/// Types 1, 2, 3: Class A position report. Raw ITU units: <see cref="Longitude"/>/<see cref="Latitude"/> in 1/10000 minute
/// (181°/91° = not available), <see cref="Speed"/> in 0.1 kn (1023 n/a), <see cref="Course"/> in 0.1° (3600 n/a),
/// <see cref="Heading"/> in degrees (511 n/a), <see cref="Turn"/> as the raw ROT indicator (-128 n/a).
/// </summary>
public readonly record struct PositionReportClassA(
    int MessageType, int Repeat, int Mmsi, int Status, int Turn, int Speed, bool Accuracy, int Longitude, int Latitude,
    int Course, int Heading, int Second, int Maneuver, bool Raim, int Radio)
{
    /// <summary>Decodes a type 1/2/3 payload (length already checked; missing bits read as zero).</summary>
    public static PositionReportClassA Decode(AisPayload p) => new(
        p.MessageType, p.Repeat, p.Mmsi,
        Status: (int)p.GetUInt(38, 4),
        Turn: p.GetInt(42, 8),
        Speed: (int)p.GetUInt(50, 10),
        Accuracy: p.GetBool(60),
        Longitude: p.GetInt(61, 28),
        Latitude: p.GetInt(89, 27),
        Course: (int)p.GetUInt(116, 12),
        Heading: (int)p.GetUInt(128, 9),
        Second: (int)p.GetUInt(137, 6),
        Maneuver: (int)p.GetUInt(143, 2),
        Raim: p.GetBool(148),
        Radio: (int)p.GetUInt(149, 19));

    /// <summary>Latitude in degrees, or null when not available (91°).</summary>
    public double? LatitudeDegrees => Units.Degrees(Latitude, 91);

    /// <summary>Longitude in degrees, or null when not available (181°).</summary>
    public double? LongitudeDegrees => Units.Degrees(Longitude, 181);

    /// <summary>Rate of turn in degrees per minute, signed (ITU: ROT = (indicator/4.733)²); null when not available or beyond ±708.</summary>
    public double? RateOfTurn => Units.RateOfTurn(Turn);
}

/// <summary>Unit conversions shared by the message structs.</summary>
public static class Units
{
    /// <summary>1/10000-minute position to degrees; null for the "not available" value.</summary>
    public static double? Degrees(int tenThousandthsOfMinute, int notAvailableDegrees) =>
        tenThousandthsOfMinute == notAvailableDegrees * 600_000 ? null : tenThousandthsOfMinute / 600_000.0;

    /// <summary>Signed rate of turn in °/min from the ROT indicator; null for -128 (n/a) and ±127 (turning fast, no rate).</summary>
    public static double? RateOfTurn(int indicator)
    {
        if (indicator is -128 or -127 or 127) return null;
        double r = indicator / 4.733;
        return indicator < 0 ? -(r * r) : r * r;
    }
}
