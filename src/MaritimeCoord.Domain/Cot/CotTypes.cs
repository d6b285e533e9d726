using MaritimeCoord.Domain.Incidents;

namespace MaritimeCoord.Domain.Cot;

/// <summary>
/// The CoT types and <c>how</c> values this service uses (docs/tak.md § Types). CoT types are a dash-separated tree:
/// <c>a-…</c> are things with an affiliation (<c>a-f-S</c> friendly surface, <c>a-u-S</c> unknown surface), <c>b-…</c>
/// are bits of information (<c>b-a-o-tbl</c> the 911 alert TAK clients raise, <c>b-a-o-can</c> its cancellation,
/// <c>b-m-p-s-p-i</c> a spot/point of interest, <c>b-r-f-h-c</c> a casualty-evacuation request).
/// </summary>
public static class CotTypes
{
    public const string Emergency911 = "b-a-o-tbl";
    public const string EmergencyRingTheBell = "b-a-o-pan";
    public const string EmergencyInContact = "b-a-o-opn";
    public const string EmergencyGeoFence = "b-a-g";
    public const string EmergencyCancel = "b-a-o-can";
    public const string Sighting = "b-m-p-s-m";
    public const string IncidentUncertainty = "a-u-S";
    public const string IncidentAlert = "b-m-p-s-p-i";
    public const string IncidentDistress = "b-r-f-h-c";
    public const string Delete = "t-x-d-d";

    /// <summary>A drawn freeform shape (lines or, closed, a polygon): a search plan's area.</summary>
    public const string DrawnShape = "u-d-f";

    /// <summary>how: entered by a human (an operator's or liaison officer's report).</summary>
    public const string HowHumanEntered = "h-e";

    /// <summary>how: machine, GPS-derived (a unit's own position report).</summary>
    public const string HowMachineGps = "m-g";

    /// <summary>how: machine, calculated (an incident's position is the latest sighting's, carried by the server).</summary>
    public const string HowMachineCalculated = "m-c";

    /// <summary>
    /// The type of an incident by IAMSAR phase: uncertainty (INCERFA) an unknown surface contact, alert (ALERFA) a point
    /// of interest units should watch, distress (DISTRESFA) a rescue request. Closed phases are not sent (the incident is
    /// withdrawn with a stale time of now).
    /// </summary>
    public static string ForPhase(IncidentPhase phase) => phase switch
    {
        IncidentPhase.Uncertainty => IncidentUncertainty,
        IncidentPhase.Alert => IncidentAlert,
        IncidentPhase.Distress => IncidentDistress,
        _ => IncidentUncertainty,
    };

    /// <summary>A friendly asset's type by its kind: aircraft and helicopters are air tracks, the rest surface.</summary>
    public static string ForAsset(string assetType) => assetType switch
    {
        "fixed-wing-aircraft" => "a-f-A-C-F",
        "helicopter" => "a-f-A-C-H",
        _ => "a-f-S",
    };

    public static bool IsEmergency(string type) =>
        type is Emergency911 or EmergencyRingTheBell or EmergencyInContact || type.StartsWith(EmergencyGeoFence + "-", StringComparison.Ordinal) || type == EmergencyGeoFence;

    /// <summary>A thing with an affiliation whose position is reported: the shape of a unit's own position report.</summary>
    public static bool IsPositionReport(string type) => type.StartsWith("a-", StringComparison.Ordinal);
}
