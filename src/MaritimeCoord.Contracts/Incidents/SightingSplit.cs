namespace MaritimeCoord.Contracts.Incidents;

/// <summary>An operator split a sighting out of an incident into a new incident of its own (another boat).</summary>
/// <param name="IncidentId">The incident the sighting left.</param>
/// <param name="Reference">Its human reference.</param>
/// <param name="SightingId">The sighting.</param>
/// <param name="NewIncidentId">The incident opened for it.</param>
/// <param name="NewReference">That incident's human reference.</param>
/// <param name="Actor">Who split it.</param>
/// <param name="Reason">Why.</param>
/// <param name="CoordinatingCentreCode">Rescue centre coordinating both incidents.</param>
/// <param name="NotifiedCentreCodes">Centres whose operators see it.</param>
/// <param name="SplitAt">When (UTC).</param>
public sealed record SightingSplit(
    Guid IncidentId,
    string Reference,
    Guid SightingId,
    Guid NewIncidentId,
    string NewReference,
    string Actor,
    string Reason,
    string CoordinatingCentreCode,
    IReadOnlyList<string> NotifiedCentreCodes,
    DateTimeOffset SplitAt);
