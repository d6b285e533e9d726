namespace MaritimeCoord.Ais.Messages;

/// <summary>
/// Type 27: long-range AIS broadcast. Position in 1/10 minute (181°/91° n/a), speed in knots (63 n/a), course in degrees
/// (511 n/a). <see cref="PositionLatency"/> is bit 94 as transmitted: ITU-R M.1371-5 defines 1 as "latency over 5 s"
/// (gpsd calls the same bit "gnss" and prints it as is; libais inverts it).
/// </summary>
public readonly record struct LongRangePositionReport(
    int MessageType, int Repeat, int Mmsi, bool Accuracy, bool Raim, int Status, int Longitude, int Latitude, int Speed,
    int Course, bool PositionLatency)
{
    /// <summary>Decodes a type 27 payload.</summary>
    public static LongRangePositionReport Decode(AisPayload p) => new(
        p.MessageType, p.Repeat, p.Mmsi,
        Accuracy: p.GetBool(38),
        Raim: p.GetBool(39),
        Status: (int)p.GetUInt(40, 4),
        Longitude: p.GetInt(44, 18),
        Latitude: p.GetInt(62, 17),
        Speed: (int)p.GetUInt(79, 6),
        Course: (int)p.GetUInt(85, 9),
        PositionLatency: p.GetBool(94));
}
