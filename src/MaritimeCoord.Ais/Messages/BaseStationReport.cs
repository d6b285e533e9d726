namespace MaritimeCoord.Ais.Messages;

/// <summary>Types 4 (base station report) and 11 (UTC/date response). Position in 1/10000 minute.</summary>
public readonly record struct BaseStationReport(
    int MessageType, int Repeat, int Mmsi, int Year, int Month, int Day, int Hour, int Minute, int Second, bool Accuracy,
    int Longitude, int Latitude, int Epfd, bool Raim, int Radio)
{
    /// <summary>Decodes a type 4/11 payload.</summary>
    public static BaseStationReport Decode(AisPayload p) => new(
        p.MessageType, p.Repeat, p.Mmsi,
        Year: (int)p.GetUInt(38, 14),
        Month: (int)p.GetUInt(52, 4),
        Day: (int)p.GetUInt(56, 5),
        Hour: (int)p.GetUInt(61, 5),
        Minute: (int)p.GetUInt(66, 6),
        Second: (int)p.GetUInt(72, 6),
        Accuracy: p.GetBool(78),
        Longitude: p.GetInt(79, 28),
        Latitude: p.GetInt(107, 27),
        Epfd: (int)p.GetUInt(134, 4),
        Raim: p.GetBool(148),
        Radio: (int)p.GetUInt(149, 19));
}
