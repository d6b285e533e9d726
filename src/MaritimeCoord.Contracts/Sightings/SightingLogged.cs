namespace MaritimeCoord.Contracts.Sightings;

/// <summary>A sighting was stored and attached to an incident. Carries counts, never persons (docs/domain.md, personal data).</summary>
/// <param name="SightingId">The stored sighting.</param>
/// <param name="IncidentId">The incident it was attached to (new or existing).</param>
/// <param name="IncidentReference">Human reference of that incident, e.g. MC-2026-00042.</param>
/// <param name="ObservedAt">When the boat was seen (UTC).</param>
/// <param name="Latitude">WGS84 latitude in decimal degrees.</param>
/// <param name="Longitude">WGS84 longitude in decimal degrees.</param>
/// <param name="BoatDescription">Free-text boat description as reported.</param>
/// <param name="PersonsOnBoard">Estimated persons on board, if reported.</param>
/// <param name="Condition">Boat condition wire name, e.g. taking-water.</param>
/// <param name="SarRegionCode">SAR region covering the position, or null when no loaded region covers it.</param>
/// <param name="CoordinatingCentreCode">Rescue centre coordinating the incident.</param>
/// <param name="NotifiedCentreCodes">Every centre whose operators should see this event (coordinating centre and neighbours near the boundary).</param>
/// <param name="OccurredAt">When the server stored it (UTC).</param>
/// <param name="PositionUncertaintyNm">Radius of the reported position's uncertainty in nautical miles, when the reporter
/// gave one (added later, optional: older messages and publishers leave it null).</param>
public sealed record SightingLogged(
    Guid SightingId,
    Guid IncidentId,
    string IncidentReference,
    DateTimeOffset ObservedAt,
    double Latitude,
    double Longitude,
    string BoatDescription,
    int? PersonsOnBoard,
    string Condition,
    string? SarRegionCode,
    string CoordinatingCentreCode,
    IReadOnlyList<string> NotifiedCentreCodes,
    DateTimeOffset OccurredAt,
    double? PositionUncertaintyNm = null);
