namespace MaritimeCoord.Ais.Messages;

/// <summary>Type 21: aid-to-navigation report. <see cref="Name"/> includes the name extension (bits 272+).</summary>
public readonly record struct AidToNavigationReport(
    int MessageType, int Repeat, int Mmsi, int AidType, string Name, bool Accuracy, int Longitude, int Latitude, int ToBow,
    int ToStern, int ToPort, int ToStarboard, int Epfd, int Second, bool OffPosition, int Regional, bool Raim,
    bool VirtualAid, bool Assigned)
{
    /// <summary>Decodes a type 21 payload.</summary>
    public static AidToNavigationReport Decode(AisPayload p)
    {
        string name = p.GetText(43, 20);
        int extensionChars = (p.BitLength - 272) / 6;
        if (extensionChars > 0 && name.Length == 20)
        {
            // The extension only continues a name that fills all 20 characters.
            name += p.GetText(272, Math.Min(extensionChars, 14));
        }

        return new(
            p.MessageType, p.Repeat, p.Mmsi,
            AidType: (int)p.GetUInt(38, 5),
            Name: name,
            Accuracy: p.GetBool(163),
            Longitude: p.GetInt(164, 28),
            Latitude: p.GetInt(192, 27),
            ToBow: (int)p.GetUInt(219, 9),
            ToStern: (int)p.GetUInt(228, 9),
            ToPort: (int)p.GetUInt(237, 6),
            ToStarboard: (int)p.GetUInt(243, 6),
            Epfd: (int)p.GetUInt(249, 4),
            Second: (int)p.GetUInt(253, 6),
            OffPosition: p.GetBool(259),
            Regional: (int)p.GetUInt(260, 8),
            Raim: p.GetBool(268),
            VirtualAid: p.GetBool(269),
            Assigned: p.GetBool(270));
    }
}
