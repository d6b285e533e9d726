namespace MaritimeCoord.Ais.Messages;

/// <summary>Type 5: static and voyage related data. Draught in 0.1 m; ETA month/day/hour/minute (0/0/24/60 = n/a).</summary>
public readonly record struct StaticAndVoyageData(
    int MessageType, int Repeat, int Mmsi, int AisVersion, int Imo, string CallSign, string ShipName, int ShipType,
    int ToBow, int ToStern, int ToPort, int ToStarboard, int Epfd, int EtaMonth, int EtaDay, int EtaHour, int EtaMinute,
    int Draught, string Destination, bool Dte)
{
    /// <summary>Decodes a type 5 payload.</summary>
    public static StaticAndVoyageData Decode(AisPayload p) => new(
        p.MessageType, p.Repeat, p.Mmsi,
        AisVersion: (int)p.GetUInt(38, 2),
        Imo: (int)p.GetUInt(40, 30),
        CallSign: p.GetText(70, 7),
        ShipName: p.GetText(112, 20),
        ShipType: (int)p.GetUInt(232, 8),
        ToBow: (int)p.GetUInt(240, 9),
        ToStern: (int)p.GetUInt(249, 9),
        ToPort: (int)p.GetUInt(258, 6),
        ToStarboard: (int)p.GetUInt(264, 6),
        Epfd: (int)p.GetUInt(270, 4),
        EtaMonth: (int)p.GetUInt(274, 4),
        EtaDay: (int)p.GetUInt(278, 5),
        EtaHour: (int)p.GetUInt(283, 5),
        EtaMinute: (int)p.GetUInt(288, 6),
        Draught: (int)p.GetUInt(294, 8),
        Destination: p.GetText(302, 20),
        Dte: p.GetBool(422));
}
