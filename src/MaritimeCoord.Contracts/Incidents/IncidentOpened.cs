namespace MaritimeCoord.Contracts.Incidents;

/// <summary>A new incident was opened (phase uncertainty) from a first sighting.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference, e.g. MC-2026-00042.</param>
/// <param name="Phase">IAMSAR phase wire name (uncertainty on opening).</param>
/// <param name="Latitude">Latest known latitude.</param>
/// <param name="Longitude">Latest known longitude.</param>
/// <param name="PersonsOnBoard">Estimated persons on board, if known.</param>
/// <param name="SarRegionCode">SAR region covering the position, or null when none does.</param>
/// <param name="CoordinatingCentreCode">Rescue centre coordinating the incident.</param>
/// <param name="NotifiedCentreCodes">Every centre whose operators should see this event.</param>
/// <param name="OpenedAt">When the incident was opened (UTC).</param>
/// <param name="PossiblySameAs">Near open incidents whose boat the first sighting did not match, flagged for the operator
/// (added later, optional: older messages leave it null).</param>
public sealed record IncidentOpened(
    Guid IncidentId,
    string Reference,
    string Phase,
    double Latitude,
    double Longitude,
    int? PersonsOnBoard,
    string? SarRegionCode,
    string CoordinatingCentreCode,
    IReadOnlyList<string> NotifiedCentreCodes,
    DateTimeOffset OpenedAt,
    IReadOnlyList<PossibleDuplicate>? PossiblySameAs = null);
