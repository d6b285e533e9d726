using System.Globalization;
using MaritimeCoord.Domain.Incidents;

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

    /// <summary>Withdraws a marker (an incident closed, an asset released): the same uid, stale at once.</summary>
    public static CotEvent Withdraw(CotEvent last, DateTimeOffset now) =>
        last with { Time = now, Start = now, Stale = now, Remarks = (last.Remarks ?? "") + " (withdrawn)", AcceptedAt = null };
}
