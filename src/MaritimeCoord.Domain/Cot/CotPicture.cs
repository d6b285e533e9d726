using System.Globalization;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Search;

namespace MaritimeCoord.Domain.Cot;

/// <summary>An open incident as the TAK picture shows it.</summary>
public sealed record CotIncident(Guid Id, string Reference, IncidentPhase Phase, double Latitude, double Longitude, DateTimeOffset LastSightingAt,
    int? PersonsOnBoard, string CoordinatingCentreCode);

/// <summary>A sighting as the TAK picture shows it (no reporter names or notes: those stay in the service).</summary>
public sealed record CotSighting(Guid Id, string IncidentReference, DateTimeOffset ObservedAt, double Latitude, double Longitude,
    string BoatDescription, int? PersonsOnBoard, string Condition, double? PositionUncertaintyNm);

/// <summary>An asset tasked to an incident, at its last known position.</summary>
public sealed record CotAsset(string Code, string Name, string Type, double Latitude, double Longitude, DateTimeOffset PositionAt,
    string? IncidentReference);

/// <summary>
/// One asset's sub-area of an issued search plan: the rectangle in the plan grid's plane (<see cref="SearchArea"/>, metres,
/// about the grid's projection centre) and who searches it how.
/// </summary>
public sealed record CotSearchArea(Guid IncidentId, string IncidentReference, int PlanNumber, DateTimeOffset PlanStartAt, double GridCentreLatitude,
    double GridCentreLongitude, SearchArea Area, string AssetCode, string AssetName, string Pattern, double? TrackSpacingMetres);

/// <summary>
/// The CoT events of a centre's picture (docs/tak.md § Types). Uids are stable (<c>mcoord.incident.&lt;id&gt;</c>,
/// <c>mcoord.sighting.&lt;id&gt;</c>, <c>mcoord.asset.&lt;code&gt;</c>) so every re-send replaces the previous one. Stale
/// times are a few re-send intervals ahead: a receiver keeps the marker while the service is alive and greys it out
/// if the link dies, instead of showing a picture that silently stopped.
/// </summary>
public static class CotPicture
{
    public const string UidPrefix = "mcoord.";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string IncidentUid(Guid id) => $"{UidPrefix}incident.{id:D}";
    public static string SightingUid(Guid id) => $"{UidPrefix}sighting.{id:D}";
    public static string AssetUid(string code) => $"{UidPrefix}asset.{code}";

    public static CotEvent Incident(CotIncident i, DateTimeOffset now, TimeSpan staleAfter) =>
        new(IncidentUid(i.Id), CotTypes.ForPhase(i.Phase), CotTypes.HowMachineCalculated, now, i.LastSightingAt, now + staleAfter, i.Latitude, i.Longitude)
        {
            Callsign = i.Reference,
            Remarks = string.Create(Inv,
                $"{i.Reference} {i.Phase.WireName().ToUpperInvariant()} (IAMSAR phase); persons on board {(i.PersonsOnBoard is { } p ? p.ToString(Inv) : "unknown")}; last sighting {CotXml.Time(i.LastSightingAt)}; coordinating centre {i.CoordinatingCentreCode}"),
        };

    /// <summary>A sighting is a report at one time: it stays as long as an incident would.</summary>
    public static CotEvent Sighting(CotSighting s, DateTimeOffset now, TimeSpan staleAfter) =>
        new(SightingUid(s.Id), CotTypes.Sighting, CotTypes.HowHumanEntered, now, s.ObservedAt, now + staleAfter, s.Latitude, s.Longitude,
            CircularError: s.PositionUncertaintyNm is { } nm ? nm * 1852.0 : CotEvent.Unknown)
        {
            Callsign = $"{s.IncidentReference} sighting {s.ObservedAt.UtcDateTime.ToString("HH:mm'Z'", Inv)}",
            Remarks = string.Create(Inv,
                $"Sighting for {s.IncidentReference} observed {CotXml.Time(s.ObservedAt)}: {s.BoatDescription}; condition {s.Condition}; persons on board {(s.PersonsOnBoard is { } p ? p.ToString(Inv) : "unknown")}"),
        };

    public static CotEvent Asset(CotAsset a, DateTimeOffset now, TimeSpan staleAfter, string how = CotTypes.HowHumanEntered, DateTimeOffset? acceptedAt = null) =>
        new(AssetUid(a.Code), CotTypes.ForAsset(a.Type), how, now, a.PositionAt, now + staleAfter, a.Latitude, a.Longitude)
        {
            Callsign = a.Name,
            Remarks = a.IncidentReference is null ? $"{a.Code}" : $"{a.Code} tasked to {a.IncidentReference}",
            AcceptedAt = acceptedAt,
        };

    public static string SearchAreaUid(Guid incidentId, int planNumber, string assetCode) =>
        string.Create(Inv, $"{UidPrefix}search.{incidentId:D}.{planNumber}.{assetCode}");

    /// <summary>Search areas are drawn orange, lightly filled, as ATAK draws a shape (ARGB).</summary>
    public const int SearchAreaStroke = unchecked((int)0xFFFF8C00);
    public const int SearchAreaFill = unchecked((int)0x40FF8C00);

    /// <summary>
    /// An issued plan's sub-area as a closed freeform polygon (<c>u-d-f</c>) labelled with the asset that searches it;
    /// the event's point is the area's centre. Its uid is stable per incident, plan and asset, so an adjusted area
    /// replaces the drawn one and a closed plan's areas are withdrawn one by one.
    /// </summary>
    public static CotEvent SearchPlanArea(CotSearchArea a, DateTimeOffset now, TimeSpan staleAfter)
    {
        var projection = new LocalProjection(a.GridCentreLatitude, a.GridCentreLongitude);
        var vertices = a.Area.Corners().Select(c => projection.Inverse(c.X, c.Y)).Select(p => (Math.Round(p.Latitude, 7), Math.Round(p.Longitude, 7))).ToList();
        var (lat, lon) = projection.Inverse(a.Area.CentreX, a.Area.CentreY);
        var spacing = a.TrackSpacingMetres is { } ts ? string.Create(Inv, $", track spacing {ts / 1852.0:0.0#} nm") : "";
        return new(SearchAreaUid(a.IncidentId, a.PlanNumber, a.AssetCode), CotTypes.DrawnShape, CotTypes.HowHumanEntered, now, now, now + staleAfter, lat, lon)
        {
            Callsign = string.Create(Inv, $"{a.IncidentReference} plan {a.PlanNumber}: {a.AssetName}"),
            Remarks = string.Create(Inv,
                $"Search area of {a.IncidentReference}, plan {a.PlanNumber} (issued), assigned to {a.AssetName} ({a.AssetCode}): {a.Pattern}{spacing}; {a.Area.LengthMetres / 1852.0:0.0#} × {a.Area.WidthMetres / 1852.0:0.0#} nm, major axis {a.Area.OrientationDegrees:0}° true; search starts {CotXml.Time(a.PlanStartAt)}"),
            Shape = new CotShape(vertices, SearchAreaStroke, SearchAreaFill),
        };
    }

    /// <summary>Withdraws a marker (an incident closed, an asset released): the same uid, stale at once.</summary>
    public static CotEvent Withdraw(CotEvent last, DateTimeOffset now) =>
        last with { Time = now, Start = now, Stale = now, Remarks = (last.Remarks ?? "") + " (withdrawn)", AcceptedAt = null };
}
