namespace MaritimeCoord.Ais.Messages;

/// <summary>
/// Type 24: static data report, part A (<see cref="PartNumber"/> 0: name) or part B (1: type, vendor, call sign and either
/// dimensions or, for an auxiliary craft with MMSI 98xxxxxxx, the <see cref="MothershipMmsi"/>).
/// </summary>
public readonly record struct StaticDataReport(
    int MessageType, int Repeat, int Mmsi, int PartNumber, string ShipName, int ShipType, string VendorId, int Model,
    int Serial, string VendorIdLegacy, string CallSign, int ToBow, int ToStern, int ToPort, int ToStarboard,
    int MothershipMmsi)
{
    /// <summary>True for an auxiliary craft (MMSI 98xxxxxxx), whose part B carries a mothership MMSI instead of dimensions.</summary>
    public bool IsAuxiliaryCraft => Mmsi / 10_000_000 == 98;

    /// <summary>Decodes a type 24 payload (part A or B).</summary>
    public static StaticDataReport Decode(AisPayload p)
    {
        int part = (int)p.GetUInt(38, 2);
        int mmsi = p.Mmsi;
        if (part == 0)
        {
            return new(p.MessageType, p.Repeat, mmsi, 0, p.GetText(40, 20), 0, string.Empty, 0, 0, string.Empty, string.Empty, 0, 0, 0, 0, 0);
        }

        bool auxiliary = mmsi / 10_000_000 == 98;
        return new(
            p.MessageType, p.Repeat, mmsi, part,
            ShipName: string.Empty,
            ShipType: (int)p.GetUInt(40, 8),
            VendorId: p.GetText(48, 3),
            Model: (int)p.GetUInt(66, 4),
            Serial: (int)p.GetUInt(70, 20),
            VendorIdLegacy: p.GetText(48, 7),
            CallSign: p.GetText(90, 7),
            ToBow: auxiliary ? 0 : (int)p.GetUInt(132, 9),
            ToStern: auxiliary ? 0 : (int)p.GetUInt(141, 9),
            ToPort: auxiliary ? 0 : (int)p.GetUInt(150, 6),
            ToStarboard: auxiliary ? 0 : (int)p.GetUInt(156, 6),
            MothershipMmsi: auxiliary ? (int)p.GetUInt(132, 30) : 0);
    }
}
