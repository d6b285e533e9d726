using System.Text.Json;

namespace MaritimeCoord.Ais.Gpsd;

/// <summary>The text legends gpsd prints beside coded fields (<c>status_text</c>, <c>shiptype_text</c>, ...).</summary>
public static class GpsdLegends
{
    private static readonly string[] NavigationStatus =
    [
        "Under way using engine", "At anchor", "Not under command", "Restricted manoeuverability",
        "Constrained by her draught", "Moored", "Aground", "Engaged in fishing", "Under way sailing",
        "Reserved for HSC", "Reserved for WIG", "Reserved", "Reserved", "Reserved", "Reserved", "Not defined",
    ];

    private static readonly string[] EpfdTypes =
    [
        "Undefined", "GPS", "GLONASS", "Combined GPS/GLONASS", "Loran-C", "Chayka", "Integrated navigation system",
        "Surveyed", "Galileo",
    ];

    private static readonly string[] AidTypes =
    [
        "Unspecified", "Reference point", "RACON", "Fixed offshore structure", "Spare, Reserved for future use.",
        "Light, without sectors", "Light, with sectors", "Leading Light Front", "Leading Light Rear", "Beacon, Cardinal N",
        "Beacon, Cardinal E", "Beacon, Cardinal S", "Beacon, Cardinal W", "Beacon, Port hand", "Beacon, Starboard hand",
        "Beacon, Preferred Channel port hand", "Beacon, Preferred Channel starboard hand", "Beacon, Isolated danger",
        "Beacon, Safe water", "Beacon, Special mark", "Cardinal Mark N", "Cardinal Mark E", "Cardinal Mark S",
        "Cardinal Mark W", "Port hand Mark", "Starboard hand Mark", "Preferred Channel Port hand",
        "Preferred Channel Starboard hand", "Isolated danger", "Safe Water", "Special Mark", "Light Vessel / LANBY / Rigs",
    ];

    private static readonly string[] ShipTypes = BuildShipTypes();

    // Pre-encoded for the JSON writer: no transcoding or escaping per message.
    private static readonly JsonEncodedText[] StatusJson = NavigationStatus.Select(t => JsonEncodedText.Encode(t)).ToArray();
    private static readonly JsonEncodedText[] EpfdJson = EpfdTypes.Select(t => JsonEncodedText.Encode(t)).ToArray();
    private static readonly JsonEncodedText[] ShipTypeJson = ShipTypes.Select(t => JsonEncodedText.Encode(t)).ToArray();
    private static readonly JsonEncodedText InvalidEpfdJson = JsonEncodedText.Encode("INVALID EPFD");
    private static readonly JsonEncodedText InvalidShipTypeJson = JsonEncodedText.Encode("INVALID SHIP TYPE");

    internal static JsonEncodedText StatusText(int status) => StatusJson[status & 15];

    internal static JsonEncodedText EpfdText(int epfd) => (uint)epfd < (uint)EpfdJson.Length ? EpfdJson[epfd] : InvalidEpfdJson;

    internal static JsonEncodedText ShipTypeText(int shipType) => (uint)shipType < 100u ? ShipTypeJson[shipType] : InvalidShipTypeJson;

    /// <summary>Navigation status legend (0-15).</summary>
    public static string Status(int status) => NavigationStatus[status & 15];

    /// <summary>EPFD legend, or <c>INVALID EPFD</c>.</summary>
    public static string Epfd(int epfd) => (uint)epfd < (uint)EpfdTypes.Length ? EpfdTypes[epfd] : "INVALID EPFD";

    /// <summary>Aid-to-navigation type legend (0-31).</summary>
    public static string AidType(int aidType) => AidTypes[aidType & 31];

    /// <summary>Ship type legend, or <c>INVALID SHIP TYPE</c> for 100-255.</summary>
    public static string ShipType(int shipType) => (uint)shipType < 100u ? ShipTypes[shipType] : "INVALID SHIP TYPE";

    private static string[] BuildShipTypes()
    {
        var t = new string[100];
        string[] categories = ["all ships of this type", "Hazardous category A", "Hazardous category B", "Hazardous category C", "Hazardous category D"];
        void Group(int baseCode, string prefix, string last)
        {
            for (int i = 0; i < 10; i++)
            {
                t[baseCode + i] = prefix + " - " + (i < 5 ? categories[i] : i == 9 ? last : "Reserved for future use");
            }
        }

        t[0] = "Not available";
        for (int i = 1; i < 20; i++) t[i] = "Reserved for future use";
        Group(20, "Wing in ground (WIG)", "Reserved for future use");
        string[] thirties = ["Fishing", "Towing", "Towing: length exceeds 200m or breadth exceeds 25m", "Dredging or underwater ops", "Diving ops", "Military ops", "Sailing", "Pleasure Craft", "Reserved", "Reserved"];
        thirties.CopyTo(t, 30);
        Group(40, "High speed craft (HSC)", "No additional information");
        string[] fifties = ["Pilot Vessel", "Search and Rescue vessel", "Tug", "Port Tender", "Anti-pollution equipment", "Law Enforcement", "Spare - Local Vessel", "Spare - Local Vessel", "Medical Transport", "Ship according to RR Resolution No. 18"];
        fifties.CopyTo(t, 50);
        Group(60, "Passenger", "No additional information");
        Group(70, "Cargo", "No additional information");
        Group(80, "Tanker", "No additional information");
        Group(90, "Other Type", "no additional information");
        return t;
    }
}
